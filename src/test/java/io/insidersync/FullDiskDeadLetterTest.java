package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.CommandLineRun;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.SmallDisk;
import io.insidersync.support.TestState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter folder on a real file system that fills up (a small tmpfs; mounting it needs root, as on CI; elsewhere
 * this test is skipped and JsonLinesFilesTest simulates the short write). A run whose dead letters do not fit fails and
 * leaves only whole records; once there is room, the next run writes the records whole and {@code --replay} sends them.
 */
class FullDiskDeadLetterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "jdbc:h2:mem:full-disk-test;DB_CLOSE_DELAY=-1";
    private static final int USERS_PER_VERSION = 10;

    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @Test
    void aRunWhoseDeadLettersDoNotFitFailsLeavingOnlyWholeRecordsAndTheNextRunWritesThemWhole() throws Exception {
        TestState.dir();
        Path mountPoint = Files.createDirectory(dir.resolve("disk"));
        Optional<SmallDisk> mounted = SmallDisk.mount(mountPoint, 256 * 1024);
        assumeTrue(mounted.isPresent(), "mounting a tmpfs needs root; JsonLinesFilesTest simulates a full disk everywhere");
        try (SmallDisk disk = mounted.get()) {
            ChangeTable table = ChangeTable.empty(DATABASE);
            Path deadLetters = mountPoint.resolve("deadletter").resolve(ChangeTable.NAME + ".jsonl");
            Path config = config(mountPoint.resolve("deadletter"));
            users(table, 1, 0);
            insiderRefusesEveryUser();
            assertEquals(0, cli.run("--once", "--config", config.toString()), cli.err());
            assertEquals(keys(0, USERS_PER_VERSION), keysOf(wholeRecords(deadLetters)));

            // Less room than the next run's records take: the first part of them fits, the rest does not.
            users(table, 2, USERS_PER_VERSION);
            disk.fillLeaving(4096);
            long sizeBefore = Files.size(deadLetters);
            assertEquals(1, cli.run("--once", "--config", config.toString()), "the run did not fail: " + cli.out());
            assertTrue(cli.err().contains(deadLetters + ": No space left on device"), "the message does not say which file: " + cli.err());

            assertEquals(sizeBefore, Files.size(deadLetters), "the failed run left part of its records");
            assertEquals(keys(0, USERS_PER_VERSION), keysOf(wholeRecords(deadLetters)));
            assertEquals(1, TestState.checkpointVersion(dir.resolve("state").resolve("checkpoint-" + ChangeTable.NAME + ".json")),
                    "the checkpoint moved past records that were not stored");

            disk.free();
            assertEquals(0, cli.run("--once", "--config", config.toString()), cli.err());
            assertEquals(keys(0, 2 * USERS_PER_VERSION), keysOf(wholeRecords(deadLetters)), "records lost, doubled or torn");

            InsiderStandIn.reset();
            InsiderStandIn.acceptAll();
            assertEquals(0, cli.run("--replay", "--config", config.toString()), cli.err());
            assertEquals("replay purchase_changes: records 20, users delivered 20, dead-lettered again 0, requests 1", cli.out().strip());
            assertEquals(keys(0, 2 * USERS_PER_VERSION),
                    keysOf(wholeRecords(mountPoint.resolve("deadletter").resolve(ChangeTable.NAME + ".replayed.jsonl"))));
            table.close();
        }
    }

    /** Users {@code from} … {@code from + 9}, inserted at this version, records of some 900 bytes each. */
    private static void users(ChangeTable table, long version, int from) throws Exception {
        for (int user = from; user < from + USERS_PER_VERSION; user++) {
            table.profile(version, "insert", "p-" + user, "user" + user + "@example.com", "Name " + user + " " + "x".repeat(36), null);
        }
    }

    /** Insider answers 200 and refuses each user of the request (one request of USERS_PER_VERSION users a run). */
    private static void insiderRefusesEveryUser() {
        String errors = IntStream.range(0, USERS_PER_VERSION).mapToObj(i -> "\"users." + i + ".attributes.name\":[\"attribute is not defined\"]")
                .collect(Collectors.joining(","));
        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"successful\":{\"count\":0},\"fail\":{\"count\":" + USERS_PER_VERSION + ",\"errors\":{" + errors + "}}}}"));
    }

    /** Every record of the file, failing if the file does not end with a whole line or a line is not a record. */
    private static List<JsonNode> wholeRecords(Path file) throws IOException {
        String content = Files.readString(file);
        assertTrue(content.isEmpty() || content.endsWith("\n"), "the file ends in part of a record: …"
                + content.substring(Math.max(0, content.length() - 80)));
        return content.lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a whole record: " + line.substring(0, Math.min(80, line.length())) + "…", e);
            }
        }).toList();
    }

    private static List<String> keysOf(List<JsonNode> records) {
        return records.stream().map(record -> record.path("key").path("line_id").asText()).sorted().toList();
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(user -> "p-" + user).sorted().toList();
    }

    private Path config(Path deadLetterDir) throws IOException {
        Path file = dir.resolve("full-disk.properties");
        Files.writeString(file, String.join("\n",
                "source.kind=jdbc",
                "source.jdbc-url=" + DATABASE,
                "sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id",
                "sync.start=snapshot",
                "sync.state-dir=" + dir.resolve("state"),
                "deadletter.dir=" + deadLetterDir,
                "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name",
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=testpartner",
                "insider.request-token=test-secret-token",
                "insider.retry-delay-ms=10",
                ""));
        return file;
    }
}
