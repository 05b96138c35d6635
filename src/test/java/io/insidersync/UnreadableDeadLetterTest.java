package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.insidersync.run.RunFailures;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.FreshStart;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.TestState;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dead-letter file with a line that is not a record: the replay stops there and names the file and the line, instead
 * of keeping the line as a record it cannot send or dropping it. Dead letters come from a real sync against a stand-in
 * Insider that refuses the users; the file is then damaged as a full disk or a hand edit damages it.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class UnreadableDeadLetterTest {

    static {
        InsiderStandIn.server();
        TestState.dir();
        ChangeTable.exists();
    }

    @Produce("direct:sync-run")
    ProducerTemplate template;

    /** Four records, one a user refused by Insider: a, b, c, d. */
    private List<String> records;

    @BeforeEach
    void fourDeadLetters() throws Exception {
        ChangeTable table = FreshStart.everything();
        for (String user : List.of("a", "b", "c", "d")) {
            table.profile(1, "insert", "p-" + user, user + "@example.com", "Name " + user, null);
        }
        InsiderStandIn.answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"successful\":{\"count\":0},\"fail\":{\"count\":4,\"errors\":{"
                        + "\"users.0.attributes.name\":[\"no\"],\"users.1.attributes.name\":[\"no\"],"
                        + "\"users.2.attributes.name\":[\"no\"],\"users.3.attributes.name\":[\"no\"]}}}}"));
        Exchange sync = template.request("direct:sync-run", exchange -> { });
        assertNull(sync.getException(), () -> "sync failed: " + sync.getException());
        records = Files.readAllLines(deadLetterFile());
        assertEquals(4, records.size(), "dead letters: " + records);
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
    }

    private static Path deadLetterFile() {
        return TestState.dir().resolve("deadletter").resolve(ChangeTable.NAME + ".jsonl");
    }

    private static Path replaying() {
        return TestState.dir().resolve("deadletter").resolve(ChangeTable.NAME + ".jsonl.replaying");
    }

    private Exchange replay() {
        return template.request("direct:sync-replay", exchange -> { });
    }

    @Test
    void twoRecordsFusedIntoOneLineStopTheReplayWithTheFileAndTheLineAndNothingIsSent() throws Exception {
        // What a full disk left: the first part of b, then c appended straight after it.
        String fused = records.get(1).substring(0, 60) + records.get(2);
        Files.writeString(deadLetterFile(), records.get(0) + "\n" + fused + "\n" + records.get(3) + "\n");

        Exchange result = replay();

        assertNotNull(result.getException(), "the replay went on past a line that is not a record");
        String message = RunFailures.describe(result.getException());
        assertTrue(message.startsWith(replaying() + " line 2 is not a dead-letter record (it is not valid JSON at column "), message);
        assertTrue(message.contains("Correct or delete that line, then run --replay again"), message);
        assertFalse(message.contains("example.com"), "the message quotes the line's data: " + message);
        assertTrue(InsiderStandIn.requests().isEmpty(), "a request was sent");
        assertEquals(List.of(records.get(0), fused, records.get(3)), Files.readAllLines(replaying()), "the file being replayed changed");

        // The operator puts c back on a line of its own (b is lost in this example) and replays again.
        Files.writeString(replaying(), records.get(0) + "\n" + records.get(2) + "\n" + records.get(3) + "\n");
        Exchange again = replay();

        assertNull(again.getException(), () -> "replay failed: " + RunFailures.describe(again.getException()));
        assertEquals("replay purchase_changes: records 3, users delivered 3, dead-lettered again 0, requests 1",
                again.getMessage().getBody(String.class));
    }

    @Test
    void twoWholeRecordsOnOneLineAreNotTakenForTheFirstAlone() throws Exception {
        Files.writeString(deadLetterFile(), records.get(0) + "\n" + records.get(1) + records.get(2) + "\n" + records.get(3) + "\n");

        Exchange result = replay();

        assertNotNull(result.getException(), "the second record of the line was dropped without a word");
        String message = RunFailures.describe(result.getException());
        assertTrue(message.startsWith(replaying() + " line 2 is not a dead-letter record (it is not valid JSON at column "
                + (records.get(1).length() + 1) + ")"), message);
        assertTrue(InsiderStandIn.requests().isEmpty(), "a request was sent");
    }

    @Test
    void aLineThatIsJsonButNotARecordStopsTheReplay() throws Exception {
        Files.writeString(deadLetterFile(), records.get(0) + "\n" + records.get(1) + "\n[\"not\", \"a record\"]\n");

        Exchange result = replay();

        assertNotNull(result.getException(), "the replay kept a line that is not a record as if it were one");
        assertEquals(replaying() + " line 3 is not a dead-letter record (it is JSON, but not an object). The replay stopped there; "
                + "what it had not sent stays in the file. Correct or delete that line, then run --replay again.",
                RunFailures.describe(result.getException()));
    }

    @Test
    void aRecordCutShortAtTheEndOfTheFileIsCutWhenTheFileIsSetAsideAndTheWholeRecordsAreReplayed() throws Exception {
        // A sync that died while appending d: its run failed, so it writes d again.
        Files.writeString(deadLetterFile(), records.get(0) + "\n" + records.get(1) + "\n" + records.get(2) + "\n"
                + records.get(3).substring(0, 80));

        Exchange result = replay();

        assertNull(result.getException(), () -> "replay failed: " + RunFailures.describe(result.getException()));
        assertEquals("replay purchase_changes: records 3, users delivered 3, dead-lettered again 0, requests 1",
                result.getMessage().getBody(String.class));
        assertFalse(Files.exists(replaying()));
    }
}
