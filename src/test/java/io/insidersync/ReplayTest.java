package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.deadletter.DeadLetterStore;
import io.insidersync.mapping.RowResult.RejectedRow;
import io.insidersync.run.RunFailures;
import io.insidersync.source.ChangeRow;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.FreshStart;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.JsonLines;
import io.insidersync.support.TestState;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The replay route (routes/replay.camel.yaml) with the real delivery routes, replaying dead letters that a real sync
 * wrote (or that {@link DeadLetterRecords} builds as the sync does) to the stand-in Insider on 127.0.0.1.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class ReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        InsiderStandIn.server();
        TestState.dir();
        // The sync and the replay check the table's columns against the mapping when they start.
        ChangeTable.exists();
    }

    @Produce("direct:sync-run")
    ProducerTemplate template;

    ChangeTable table;

    @BeforeEach
    void freshState() throws Exception {
        table = FreshStart.everything();
    }

    private void sync() {
        Exchange result = template.request("direct:sync-run", exchange -> { });
        assertNull(result.getException(), () -> "sync failed: " + result.getException());
    }

    private Exchange replay() {
        return template.request("direct:sync-replay", exchange -> { });
    }

    private String replaySuccessfully() {
        Exchange result = replay();
        assertNull(result.getException(), () -> "replay failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    /** Insider accepts the request but refuses the users at these positions. */
    private static ResponseDefinitionBuilder refusing(String message, int... positions) {
        StringBuilder errors = new StringBuilder();
        for (int position : positions) {
            errors.append(errors.length() == 0 ? "" : ",").append("\"users.").append(position).append(".attributes.name\":[\"").append(message).append("\"]");
        }
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"successful\":{\"count\":0},\"fail\":{\"count\":1,\"errors\":{" + errors + "}}}}");
    }

    /** Insider takes every user again, and forgets what it was sent so far. */
    private static void insiderAcceptsFromNowOn() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
    }

    private static Path deadLetterDir() {
        return TestState.dir().resolve("deadletter");
    }

    private static List<JsonNode> lines(Path file) {
        return JsonLines.read(file);
    }

    private static List<JsonNode> replayed() {
        return lines(deadLetterDir().resolve(ChangeTable.NAME + ".replayed.jsonl"));
    }

    private static Path replaying() {
        return deadLetterDir().resolve(ChangeTable.NAME + ".jsonl.replaying");
    }

    private static List<JsonNode> sentUsers() {
        List<JsonNode> users = new ArrayList<>();
        InsiderStandIn.bodies().forEach(body -> body.get("users").forEach(users::add));
        return users;
    }

    private static List<String> emails(List<JsonNode> users) {
        return users.stream().map(user -> user.path("identifiers").path("email").asText()).toList();
    }

    @Test
    void aRefusedUserAndTheUsersOfAFailedRequestAreSentAgainAsTheyWereAndMoveToTheReplayedFile() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", "Gold");
        InsiderStandIn.answer(aResponse().withStatus(400).withBody("{\"error\":\"bad request\"}"));
        sync();
        table.profile(2, "insert", "p-b", "b@example.com", "Bob", null)
                .profile(2, "insert", "p-c", "c@example.com", "Cem", null);
        InsiderStandIn.reset();
        InsiderStandIn.answer(refusing("attribute is not defined", 0));
        sync();
        List<JsonNode> dead = TestState.deadLetters();
        assertEquals(List.of("delivery-failed", "insider-rejected"), dead.stream().map(r -> r.path("stage").asText()).toList());
        insiderAcceptsFromNowOn();

        String summary = replaySuccessfully();

        assertEquals("replay purchase_changes: records 2, users delivered 2, dead-lettered again 0, requests 1", summary);
        List<JsonNode> sent = sentUsers();
        assertEquals(JSON.readTree(dead.get(0).path("body").asText()).get("users").get(0), sent.get(0), "the failed request's user changed");
        assertEquals(dead.get(1).path("user"), sent.get(1), "the refused user changed");
        assertTrue(TestState.deadLetters().isEmpty(), "records stayed in the dead-letter file: " + TestState.deadLetters());
        List<JsonNode> replayed = replayed();
        assertEquals(2, replayed.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(dead.get(i).path("reason"), replayed.get(i).path("reason"));
            assertTrue(replayed.get(i).hasNonNull("replayed_at"), replayed.get(i).toString());
            assertFalse(replayed.get(i).has("users_failed_again"));
        }
        assertFalse(Files.exists(replaying()), "the .replaying file is left");
    }

    @Test
    void aUserRefusedAgainStaysInTheDeadLetterFileWithItsNewReason() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(refusing("first reason", 0));
        sync();
        InsiderStandIn.reset();
        InsiderStandIn.answer(refusing("second reason", 0));

        String summary = replaySuccessfully();

        assertEquals("replay purchase_changes: records 1, users delivered 0, dead-lettered again 1, requests 1", summary);
        List<JsonNode> dead = TestState.deadLetters();
        assertEquals(1, dead.size(), "dead letters: " + dead);
        assertEquals("insider-rejected", dead.get(0).path("stage").asText());
        assertEquals("Insider refused the user: users.0.attributes.name: second reason", dead.get(0).path("reason").asText());
        assertEquals("p-a", dead.get(0).path("key").path("line_id").asText(), "the new record lost the source row's key");
        assertTrue(replayed().isEmpty(), "a record that failed again wholly was moved to the replayed file");
    }

    @Test
    void aRequestWhoseUsersArePartlyRefusedAgainMovesWithTheCountAndTheRefusedUserStays() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null)
                .profile(1, "insert", "p-b", "b@example.com", "Bob", null);
        InsiderStandIn.answer(aResponse().withStatus(400).withBody("{\"error\":\"users must be defined: bad request\"}"));
        sync();
        assertEquals(2, TestState.deadLetters().get(0).path("users").asInt());
        InsiderStandIn.reset();
        InsiderStandIn.answer(refusing("still not defined", 1));

        String summary = replaySuccessfully();

        assertEquals("replay purchase_changes: records 1, users delivered 1, dead-lettered again 1, requests 1", summary);
        List<JsonNode> dead = TestState.deadLetters();
        assertEquals(1, dead.size());
        assertEquals("b@example.com", dead.get(0).path("user").path("identifiers").path("email").asText());
        assertTrue(dead.get(0).path("reason").asText().contains("still not defined"));
        List<JsonNode> replayed = replayed();
        assertEquals(1, replayed.size());
        assertEquals("delivery-failed", replayed.get(0).path("stage").asText());
        assertEquals(1, replayed.get(0).path("users_failed_again").asInt());
    }

    @Test
    void aSecondReplaySendsNothing() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(refusing("not yet", 0));
        sync();
        insiderAcceptsFromNowOn();
        replaySuccessfully();
        assertEquals(1, InsiderStandIn.requests().size());

        String summary = replaySuccessfully();

        assertEquals("replay purchase_changes: records 0, users delivered 0, dead-lettered again 0, requests 0", summary);
        assertEquals(1, InsiderStandIn.requests().size(), "the second replay sent a request");
        assertEquals(1, replayed().size(), "a record was replayed twice");
    }

    @Test
    void anInterruptedReplayResumesAfterTheLinesItSettledThenReplaysTheNewDeadLetters() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null)
                .profile(1, "insert", "p-b", "b@example.com", "Bob", null)
                .profile(1, "insert", "p-c", "c@example.com", "Cem", null);
        InsiderStandIn.answer(refusing("not yet", 0, 1, 2));
        sync();
        assertEquals(3, TestState.deadLetters().size());
        // A replay stopped after settling the first two lines: its file and its progress are left.
        Path file = deadLetterDir().resolve(ChangeTable.NAME + ".jsonl");
        Files.move(file, replaying());
        Files.writeString(deadLetterDir().resolve(ChangeTable.NAME + ".jsonl.replaying.progress"), "2\n");
        // Since then, a sync dead-lettered another user.
        table.profile(2, "insert", "p-d", "d@example.com", "Dan", null);
        sync();
        assertEquals(1, TestState.deadLetters().size());
        insiderAcceptsFromNowOn();

        String summary = replaySuccessfully();

        assertEquals(List.of("c@example.com", "d@example.com"), emails(sentUsers()), "resent the settled lines, or missed one");
        assertEquals("replay purchase_changes: records 2, users delivered 2, dead-lettered again 0, requests 2", summary);
        assertEquals(List.of("c@example.com", "d@example.com"), emails(replayed().stream().map(r -> r.path("user")).toList()));
        assertTrue(TestState.deadLetters().isEmpty());
        try (var left = Files.list(deadLetterDir())) {
            assertEquals(List.of(ChangeTable.NAME + ".replayed.jsonl"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void refusedCredentialsFailTheReplayAndLoseNoRecord() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null)
                .profile(1, "insert", "p-b", "b@example.com", "Bob", null);
        InsiderStandIn.answer(refusing("not yet", 0, 1));
        sync();
        List<String> before = Files.readAllLines(deadLetterDir().resolve(ChangeTable.NAME + ".jsonl"));
        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withStatus(403).withBody("{\"error\":\"forbidden\"}"));

        Exchange result = replay();

        assertNotNull(result.getException(), "the replay did not fail");
        assertTrue(RunFailures.describe(result.getException()).contains("Insider refused the credentials (HTTP 403)"),
                RunFailures.describe(result.getException()));
        assertEquals(1, InsiderStandIn.requests().size(), "a 403 was retried");
        assertEquals(before, Files.readAllLines(replaying()), "the records waiting to be replayed changed");
        assertTrue(TestState.deadLetters().isEmpty() && replayed().isEmpty());

        insiderAcceptsFromNowOn();
        assertEquals("replay purchase_changes: records 2, users delivered 2, dead-lettered again 0, requests 1", replaySuccessfully());
        assertFalse(Files.exists(replaying()));
    }

    /** The sync set aside a purchase row whose phone number Insider refuses; the integrator maps the column differently. */
    @Nested
    @CamelMainTest(properties = {"mapping.attributes.phone_number=", "mapping.attributes.custom.phone_raw=phone"})
    class WithACorrectedMapping {

        /** Writes exactly the record the sync writes for a row its mapping rejected, with the driver's value types. */
        private void rejectedAtMapping(String reason, Object... columnsAndValues) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columnsAndValues.length; i += 2) {
                row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
            }
            new DeadLetterStore(deadLetterDir(), ChangeTable.NAME).append(List.of(new DeadLetterRecords(ChangeTable.NAME)
                    .rejectedRow(new RejectedRow(ChangeRow.of(row, List.of("line_id")), reason))));
        }

        @Test
        void aRowRejectedAtMappingIsMappedAgainWithTheCurrentMappingAndDelivered() throws Exception {
            // SyncRouteTest shows the sync rejecting '12345' this way.
            rejectedAtMapping("attributes.phone_number (column phone) '12345' is not in E.164 format",
                    "line_id", "o-1", "email", "a@example.com", "phone", "12345", "event_name", "purchase",
                    "event_time", Timestamp.valueOf(LocalDateTime.of(2026, 11, 20, 10, 0, 30, 250_000_000)), "order_id", "ORDER-1",
                    "product_id", "SKU-1", "currency", "USD", "quantity", 2, "unit_sale_price", new BigDecimal("10.50"),
                    "_change_type", "insert", "_commit_version", 1L, "_commit_timestamp", Timestamp.valueOf(LocalDateTime.of(2026, 11, 21, 0, 1)),
                    "_inserted_in_window", 1);
            Path file = deadLetterDir().resolve(ChangeTable.NAME + ".jsonl");
            String deadLetter = Files.readString(file);
            assertTrue(deadLetter.contains("\"event_time\":\"2026-11-20T10:00:30.250\""), deadLetter);

            String summary = replaySuccessfully();

            assertEquals("replay purchase_changes: records 1, users delivered 1, dead-lettered again 0, requests 1", summary);
            assertEquals("{\"users\":[{\"identifiers\":{\"email\":\"a@example.com\"},\"attributes\":{\"custom\":{\"phone_raw\":\"12345\"}},"
                            + "\"events\":[{\"event_name\":\"purchase\",\"timestamp\":\"2026-11-20T10:00:30.250Z\",\"event_params\":{"
                            + "\"currency\":\"USD\",\"event_group_id\":\"ORDER-1\",\"product_id\":\"SKU-1\",\"quantity\":2,\"unit_sale_price\":10.50}}]}]}",
                    InsiderStandIn.requests().get(0).getBodyAsString());
            assertFalse(Files.exists(file) && !Files.readString(file).isEmpty(), "the row stayed in the dead-letter file");
            List<JsonNode> replayed = replayed();
            assertEquals(1, replayed.size());
            assertEquals("mapping", replayed.get(0).path("stage").asText());
            assertEquals("o-1", replayed.get(0).path("key").path("line_id").asText());
        }

        @Test
        void aRowTheCurrentMappingStillRejectsBecomesANewRecordWithTheNewReason() throws Exception {
            rejectedAtMapping("an old reason", "line_id", "p-x", "email", "not-an-email", "phone", "12345", "_change_type", "insert",
                    "_commit_version", 3L);

            String summary = replaySuccessfully();

            assertEquals("replay purchase_changes: records 1, users delivered 0, dead-lettered again 1, requests 0", summary);
            List<JsonNode> dead = TestState.deadLetters();
            assertEquals(1, dead.size());
            assertEquals("mapping", dead.get(0).path("stage").asText());
            assertEquals("identifiers.email (column email) 'not-an-email' is not an email address", dead.get(0).path("reason").asText());
            assertEquals(3, dead.get(0).path("commit_version").asLong());
            assertFalse(dead.get(0).path("row").has("_inserted_in_window"));
            assertTrue(replayed().isEmpty());
        }
    }
}
