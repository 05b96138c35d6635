package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.SyncProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the sync creates under its state, dead-letter and outbox folders is {@code 0600}, every folder it creates
 * {@code 0700}, even with umask 000 (the umask is the process's own, so the sync runs in a child JVM started by
 * {@code sh -c 'umask 000; exec java …'}): a dry run that writes request bodies, dead letters and the state, and a replay
 * stopped part way, which leaves its {@code .replaying}, {@code .progress} and {@code .replayed.jsonl} files behind. A
 * umask that takes away the owner's own permissions (277) does not decide them either.
 */
class PrivateFilesUnderAnyUmaskTest {

    @TempDir
    Path dir;

    private Path state;
    private Path deadLetters;
    private Path outbox;
    private List<String> settings;

    @BeforeEach
    void aTableAndItsFolders() throws Exception {
        String database = "jdbc:h2:file:" + dir.resolve("source").toAbsolutePath();
        ChangeTable table = ChangeTable.empty(database);
        // Two users to send, three whose phone number is not in E.164 and one without a valid email: dead letters.
        table.profile(1, "insert", "p-m", "m@example.com", "Mia", null).profile(1, "insert", "p-n", "n@example.com", "Noa", null);
        for (String user : List.of("c", "d", "e")) {
            table.row(1, "insert", "p-" + user, user + "@example.com", "12345", "Name " + user, null, null, null, null, null, null, null, null);
        }
        table.profile(1, "insert", "p-b", "b-not-an-email", "Bea", null);
        table.close();
        // Below folders of their own, so that the folders the sync makes are checked too.
        state = dir.resolve("state");
        deadLetters = dir.resolve("dead");
        outbox = dir.resolve("out");
        settings = List.of(
                "source.kind=jdbc",
                "source.jdbc-url=" + database,
                "sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id",
                "sync.start=snapshot",
                "sync.state-dir=" + state.resolve("sync"),
                "deadletter.dir=" + deadLetters.resolve("letters"),
                "insider.outbox-dir=" + outbox.resolve("box"),
                "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name",
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=testpartner",
                "insider.request-token=test-secret-token",
                "insider.retry-delay-ms=10");
    }

    @Test
    void withUmask000EveryFileIsTheOwnersAloneAndEveryFolderToo() throws Exception {
        dryRun("000");

        // The phone column no longer mapped, a replay of one user a request, which Insider stops after the first: the
        // replay's files are left as they are, and the row with no valid email is a dead letter again.
        InsiderStandIn.reset();
        InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).inScenario("replay").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}"))
                .willSetStateTo("refusing"));
        InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).inScenario("replay").whenScenarioStateIs("refusing")
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"unauthorized\"}")));
        assertEquals(1, runWithUmask("000", "replay", config("replay", "insider.batch-max-users=1"), "--replay"), log("replay"));
        assertEquals(2, InsiderStandIn.requests().size(), log("replay"));

        Path letters = deadLetters.resolve("letters");
        String name = ChangeTable.NAME;
        assertWritten(letters.resolve(name + ".jsonl"), letters.resolve(name + ".jsonl.replaying"),
                letters.resolve(name + ".jsonl.replaying.progress"), letters.resolve(name + ".replayed.jsonl"));
        assertNothingOthersMayOpen();
    }

    @Test
    void aUmaskThatTakesTheOwnersOwnPermissionsAwayDoesNotDecideEither() throws Exception {
        dryRun("277");

        assertNothingOthersMayOpen();
    }

    /** A dry run: the checkpoint, the schedule state, a request body in the outbox and four dead letters. */
    private void dryRun(String umask) throws Exception {
        Path config = config("sync", "insider.dry-run=true", "mapping.attributes.phone_number=phone");
        assertEquals(0, runWithUmask(umask, "sync", config, "--once"), log("sync"));
        assertWritten(state.resolve("sync").resolve("checkpoint-" + ChangeTable.NAME + ".json"),
                state.resolve("sync").resolve("schedule-" + ChangeTable.NAME + ".json"),
                deadLetters.resolve("letters").resolve(ChangeTable.NAME + ".jsonl"));
        try (Stream<Path> bodies = Files.list(outbox.resolve("box"))) {
            assertTrue(bodies.anyMatch(body -> body.toString().endsWith(".json")), "no request body in the outbox");
        }
    }

    private void assertWritten(Path... files) throws IOException {
        for (Path file : files) {
            assertTrue(Files.isRegularFile(file), file + " was not written: " + everything(dir));
        }
    }

    private void assertNothingOthersMayOpen() throws IOException {
        List<String> notPrivate = new ArrayList<>();
        for (Path root : List.of(state, deadLetters, outbox)) {
            for (Path path : everything(root)) {
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                String actual = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                if (!actual.equals(expected)) {
                    notPrivate.add(actual + " " + dir.relativize(path));
                }
            }
        }
        assertEquals(List.of(), notPrivate, "files or folders not exactly the owner's");
    }

    private Path config(String name, String... more) throws IOException {
        List<String> lines = new ArrayList<>(settings);
        lines.addAll(List.of(more));
        Path file = dir.resolve(name + ".properties");
        Files.write(file, lines);
        return file;
    }

    /** Runs the program in a JVM of its own with this umask, and returns its exit code. */
    private int runWithUmask(String umask, String name, Path config, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(List.of("--config", config.toString()));
        List<String> withUmask = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        withUmask.addAll(SyncProcess.command(arguments.toArray(String[]::new)));
        Process process = SyncProcess.start(dir.resolve(name + ".log"), withUmask);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not finish: " + log(name));
        }
        return process.exitValue();
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private static List<Path> everything(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.sorted().toList();
        }
    }
}
