package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.CommandLineRun;
import io.insidersync.support.Eventually;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.SyncProcess;
import io.insidersync.source.StateLock;
import io.insidersync.support.MemberTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one sync's state: the second exits at once with code 3, naming the holder and the lock file, and
 * the first goes on alone. Each sync is started as a JVM of its own, as a CronJob or a service would start it.
 */
class OneWriterPerStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 500;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void insiderAcceptsAll() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
    }

    @AfterEach
    void stopWhatIsStillRunning() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSecondRunOnTheSameStateExitsAtOnceWithCode3AndTheFirstSendsEveryUserOnce() throws Exception {
        ChangeTable.empty(database()).manyProfiles(1, USERS, "").close();
        // A slow Insider: ten requests of 50 users, one at a time, keep the first run going for seconds.
        InsiderStandIn.answer(aResponse().withStatus(200).withFixedDelay(500).withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}"));
        Path settings = settings("sync.table=" + ChangeTable.NAME, "sync.key-columns=line_id", "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name", "insider.batch-max-users=50", "insider.concurrency=1");
        Path lockFile = dir.resolve("state/sync-" + ChangeTable.NAME + ".lock");

        Process first = start(settings, "first.log", "--once");
        await(() -> holderPid(lockFile) == first.pid() && !InsiderStandIn.requests().isEmpty(), first, "first.log",
                "the first run to hold the lock and send its first request");
        Process second = start(settings, "second.log", "--once");

        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second run did not exit");
        String said = log("second.log");
        assertEquals(3, second.exitValue(), said);
        assertTrue(first.isAlive(), "the second run waited for the first to finish");
        assertTrue(said.contains("Another process holds the state of table " + ChangeTable.NAME + ": pid " + first.pid() + " on host "
                + InetAddress.getLocalHost().getHostName()), said);
        assertTrue(said.contains("(lock file " + lockFile.toAbsolutePath() + ")"), said);

        assertTrue(first.waitFor(120, TimeUnit.SECONDS), "the first run did not finish");
        assertEquals(0, first.exitValue(), log("first.log"));
        Map<String, Integer> sent = new HashMap<>();
        InsiderStandIn.bodies().forEach(body -> body.get("users").forEach(user -> sent.merge(user.at("/identifiers/email").asText(), 1, Integer::sum)));
        assertEquals(USERS, sent.size(), "users sent");
        assertTrue(sent.values().stream().allMatch(times -> times == 1), "users sent more than once: " + sent);
        assertEquals(1, JSON.readTree(dir.resolve("state/checkpoint-" + ChangeTable.NAME + ".json").toFile()).get("version").asLong());
    }

    @Test
    void aServiceHoldsItsStateForItsWholeLife() throws Exception {
        ChangeTable.empty(database()).profile(1, "insert", "p-a", "ann@example.com", "Ann", null).close();
        // The schedule's next fire is a year away: the service only waits, holding its state.
        Path settings = settings("sync.table=" + ChangeTable.NAME, "sync.key-columns=line_id", "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name", "sync.schedule=0 0 0 1 1 ? 2099", "camel.management.enabled=false");
        Path lockFile = dir.resolve("state/sync-" + ChangeTable.NAME + ".lock");
        Process service = start(settings, "service.log");
        await(() -> holderPid(lockFile) == service.pid(), service, "service.log", "the service to hold the lock");

        assertEquals(3, here.run("--once", "--config", settings.toString()), here.output());
        assertTrue(here.output().contains("pid " + service.pid()), here.output());
        assertEquals(3, here.run("--resync", "--config", settings.toString()), here.output());
        assertTrue(InsiderStandIn.requests().isEmpty(), "something was sent while the service held the state");

        service.destroy();
        assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service did not stop");
        assertEquals(0, here.run("--once", "--config", settings.toString()), "the stopped service still held the state: " + here.output());
        assertEquals(1, InsiderStandIn.requests().size(), here.output());
    }

    @Test
    void aCommandForOneOfSeveralSyncsLocksOnlyThatSyncsStateAndVerifyLocksNone() throws Exception {
        ChangeTable.empty(database()).profile(1, "insert", "p-a", "ann@example.com", "Ann", null).close();
        MemberTable.empty(database());
        MemberTable.member(database(), 1, "m-7", "bob@example.com", "gold");
        Path settings = settings("syncs.purchases.table=" + ChangeTable.NAME, "syncs.purchases.key-columns=line_id",
                "syncs.purchases.mapping.identifiers.email=email", "syncs.purchases.mapping.attributes.name=first_name",
                "syncs.members.table=" + MemberTable.NAME, "syncs.members.key-columns=member_id",
                "syncs.members.mapping.identifiers.custom.member_id=member_id", "syncs.members.mapping.attributes.custom.tier=tier");

        // The purchases' state is taken, here by this JVM itself.
        try (StateLock purchases = StateLock.acquire(dir.resolve("state/purchases/sync-" + ChangeTable.NAME + ".lock"), "the test")) {
            assertEquals(3, here.run("--once", "--config", settings.toString()), "without --sync every sync's state is locked: " + here.output());
            assertTrue(here.output().contains("Another process holds the state of sync purchases (table " + ChangeTable.NAME + ")"),
                    here.output());
            assertTrue(InsiderStandIn.requests().isEmpty(), "the members were synced though the command as a whole could not run");
            InsiderStandIn.profileAcceptsToken("test-secret-token");
            assertEquals(0, here.run("--verify", "--config", settings.toString()), "--verify writes no state: " + here.output());

            // The members' lock, taken before the purchases' was refused, went with the failed start.
            assertEquals(0, here.run("--once", "--sync", "members", "--config", settings.toString()), here.output());
            assertTrue(here.output().contains("sync " + MemberTable.NAME + ": window 0..1"), here.output());
        }
        assertEquals(1, InsiderStandIn.requests().size(), "only the members' user was sent");
        assertEquals(0, here.run("--once", "--sync", "purchases", "--config", settings.toString()), here.output());
        assertEquals(2, InsiderStandIn.requests().size(), "the purchases' state, let go, is this command's");
    }

    /** The program run in this JVM, a process apart from the children. */
    private final CommandLineRun here = new CommandLineRun();

    private String database() {
        // AUTO_SERVER: the children and this JVM share the file database.
        return "jdbc:h2:file:" + dir.resolve("source") + ";AUTO_SERVER=TRUE";
    }

    private Path settings(String... lines) throws IOException {
        List<String> all = new ArrayList<>(List.of(
                "source.kind=jdbc",
                "source.jdbc-url=" + database(),
                "sync.state-dir=" + dir.resolve("state"),
                "deadletter.dir=" + dir.resolve("deadletter"),
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=testpartner",
                "insider.request-token=test-secret-token",
                "insider.profile-url=http://127.0.0.1:" + InsiderStandIn.server().port() + InsiderStandIn.PROFILE_PATH));
        all.addAll(List.of(lines));
        Path file = dir.resolve("sync-" + System.nanoTime() + ".properties");
        Files.write(file, all);
        return file;
    }

    private Process start(Path settings, String log, String... args) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--config", settings.toString()));
        arguments.addAll(List.of(args));
        Process process = SyncProcess.start(dir.resolve(log), arguments.toArray(String[]::new));
        started.add(process);
        return process;
    }

    /** The pid the lock file names, or -1 while it names none. */
    private static long holderPid(Path lockFile) {
        try {
            String content = Files.exists(lockFile) ? Files.readString(lockFile) : "";
            return content.isBlank() ? -1 : JSON.readTree(content).path("pid").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private void await(BooleanSupplier condition, Process process, String log, String what) throws Exception {
        Eventually.await(() -> what + ": " + log(log), Duration.ofSeconds(60), () -> {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the process exited (" + process.exitValue() + ") before " + what + ": " + log(log));
            }
            return false;
        });
    }

    private String log(String name) {
        try {
            return Files.exists(dir.resolve(name)) ? Files.readString(dir.resolve(name)) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
