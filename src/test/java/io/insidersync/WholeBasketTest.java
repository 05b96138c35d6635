package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.deadletter.DeadLetterStore;
import io.insidersync.mapping.RowResult.RejectedRow;
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
 * A basket is sent whole or not at all: the real routes read a basket with a line Insider would refuse from the H2
 * change table, set it aside whole, and a replay after the fix sends it whole in one request to the stand-in Insider.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class WholeBasketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING_PRICE = "event_params.unit_sale_price (column unit_sale_price) is required on a purchase event but is empty";
    private static final String WITHHELD = "basket ORDER-1 (column order_id): withheld, because its line {line_id=o1-2} was rejected: "
            + MISSING_PRICE + "; a basket is sent whole or not at all, so this line is set aside with it and replayed with it";

    static {
        InsiderStandIn.server();
        TestState.dir();
        // The sync checks the table's columns against the mapping when it starts.
        ChangeTable.exists();
    }

    @Produce("direct:sync-run")
    ProducerTemplate template;

    ChangeTable table;

    @BeforeEach
    void freshState() throws Exception {
        table = FreshStart.everything();
    }

    private String run(String endpoint) {
        Exchange result = template.request(endpoint, exchange -> { });
        assertNull(result.getException(), () -> endpoint + " failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    private static Path deadLetterFile() {
        return TestState.dir().resolve("deadletter").resolve(ChangeTable.NAME + ".jsonl");
    }

    /** Every event Insider received, as "email basket product", in the order received. */
    private static List<String> eventsSent() {
        List<String> events = new ArrayList<>();
        for (JsonNode body : InsiderStandIn.bodies()) {
            for (JsonNode user : body.path("users")) {
                for (JsonNode event : user.path("events")) {
                    events.add(user.path("identifiers").path("email").asText() + " " + event.path("event_params").path("event_group_id").asText()
                            + " " + event.path("event_params").path("product_id").asText());
                }
            }
        }
        return events;
    }

    /**
     * Ann's basket ORDER-1 of three lines, the second without its price; her other basket, Bob's basket and her
     * profile are fine.
     */
    private void annsBasketWithALineWithoutPrice() throws Exception {
        table.purchase(1, "o1-1", "ann@example.com", "ORDER-1", "SKU-1", "USD", 1, "10.00")
                .purchase(1, "o1-2", "ann@example.com", "ORDER-1", "SKU-2", "USD", 2, null)
                .purchase(1, "o1-3", "ann@example.com", "ORDER-1", "SKU-3", "USD", 1, "7.50")
                .purchase(1, "o2-1", "ann@example.com", "ORDER-2", "SKU-4", "USD", 1, "3.00")
                .purchase(1, "o2-2", "ann@example.com", "ORDER-2", "SKU-5", "USD", 1, "4.00")
                .purchase(1, "o3-1", "bob@example.com", "ORDER-3", "SKU-1", "USD", 1, "10.00")
                .profile(1, "insert", "p-ann", "ann@example.com", "Ann", "Gold");
    }

    @Test
    void aBasketWithARejectedLineIsSetAsideWholeAndTheOtherBasketsAndUsersGoOut() throws Exception {
        annsBasketWithALineWithoutPrice();

        String summary = run("direct:sync-run");

        assertEquals(List.of("ann@example.com ORDER-2 SKU-4", "ann@example.com ORDER-2 SKU-5", "bob@example.com ORDER-3 SKU-1"), eventsSent(),
                "nothing of ORDER-1 may be sent, everything else must be");
        JsonNode ann = InsiderStandIn.bodies().get(0).path("users").get(0);
        assertEquals("Ann", ann.path("attributes").path("name").asText(), "Ann's profile was held back with her basket: " + ann);
        List<JsonNode> dead = TestState.deadLetters();
        assertEquals(List.of("o1-1", "o1-2", "o1-3"), dead.stream().map(r -> r.path("key").path("line_id").asText()).toList(),
                "every line of the basket, one after another: " + dead);
        assertEquals(List.of(WITHHELD, MISSING_PRICE, WITHHELD), dead.stream().map(r -> r.path("reason").asText()).toList());
        for (JsonNode record : dead) {
            assertEquals("mapping", record.path("stage").asText());
            assertEquals(record.path("key").path("line_id").asText(), record.path("row").path("line_id").asText(), "the row is kept to replay");
        }
        assertEquals(1, TestState.checkpointVersion());
        assertTrue(summary.contains("dead-lettered 3"), summary);
    }

    @Test
    void aReplayAfterTheFailingLineIsFixedSendsTheBasketWholeInOneRequest() throws Exception {
        annsBasketWithALineWithoutPrice();
        run("direct:sync-run");
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        // The integrator fills in the missing price in the dead-letter file.
        List<String> fixed = new ArrayList<>();
        for (String line : Files.readAllLines(deadLetterFile())) {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            if (record.path("key").path("line_id").asText().equals("o1-2")) {
                ((ObjectNode) record.get("row")).put("unit_sale_price", new BigDecimal("5.00"));
            }
            fixed.add(JSON.writeValueAsString(record));
        }
        Files.write(deadLetterFile(), fixed);

        String summary = run("direct:sync-replay");

        assertEquals(1, InsiderStandIn.requests().size(), "the basket went out in more than one request: " + InsiderStandIn.bodies());
        JsonNode users = InsiderStandIn.bodies().get(0).path("users");
        assertEquals(1, users.size(), "the basket's lines are not one user's events: " + users);
        assertEquals("ann@example.com", users.get(0).path("identifiers").path("email").asText());
        assertEquals(List.of("ann@example.com ORDER-1 SKU-1", "ann@example.com ORDER-1 SKU-2", "ann@example.com ORDER-1 SKU-3"), eventsSent());
        users.get(0).path("events").forEach(event -> assertEquals("purchase", event.path("event_name").asText()));
        String body = InsiderStandIn.requests().get(0).getBodyAsString();
        assertTrue(body.contains("\"product_id\":\"SKU-2\",\"quantity\":2,\"unit_sale_price\":5.00}"), "the fixed line: " + body);
        assertEquals("replay purchase_changes: records 3, users delivered 1, dead-lettered again 0, requests 1", summary);
        assertTrue(TestState.deadLetters().isEmpty(), "records stayed in the dead-letter file: " + TestState.deadLetters());
        assertEquals(3, JsonLines.read(TestState.dir().resolve("deadletter").resolve(ChangeTable.NAME + ".replayed.jsonl")).size());
    }

    @Test
    void aReplayWhileTheFailingLineStillFailsSetsTheBasketAsideWholeAgain() throws Exception {
        annsBasketWithALineWithoutPrice();
        run("direct:sync-run");
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();

        String summary = run("direct:sync-replay");

        assertTrue(InsiderStandIn.requests().isEmpty(), "a withheld line was sent without its basket: " + InsiderStandIn.bodies());
        assertEquals("replay purchase_changes: records 3, users delivered 0, dead-lettered again 3, requests 0", summary);
        List<JsonNode> dead = TestState.deadLetters();
        assertEquals(List.of("o1-1", "o1-2", "o1-3"), dead.stream().map(r -> r.path("key").path("line_id").asText()).toList());
        assertEquals(List.of(WITHHELD, MISSING_PRICE, WITHHELD), dead.stream().map(r -> r.path("reason").asText()).toList());
        assertFalse(Files.exists(TestState.dir().resolve("deadletter").resolve(ChangeTable.NAME + ".replayed.jsonl")),
                "a withheld line was taken for replayed");
    }

    /** One user a request, so that a replay's basket waits in the batching step while the batch before it is sent. */
    @Nested
    @CamelMainTest(properties = "insider.batch-max-users=1")
    class OneUserARequest {

        /** Writes the record the sync writes for a row its mapping rejected (the row is fine under the mapping now). */
        private void rejectedAtMapping(String lineId, String email, String order, String product) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("line_id", lineId);
            row.put("email", email);
            if (order != null) {
                row.put("event_name", "purchase");
                row.put("event_time", Timestamp.valueOf(LocalDateTime.of(2026, 11, 20, 10, 0)));
                row.put("order_id", order);
                row.put("product_id", product);
                row.put("currency", "USD");
                row.put("quantity", 1);
                row.put("unit_sale_price", new BigDecimal("2.50"));
            } else {
                row.put("first_name", "Someone");
            }
            row.put("_change_type", "insert");
            row.put("_commit_version", 1L);
            new DeadLetterStore(deadLetterFile().getParent(), ChangeTable.NAME).append(List.of(new DeadLetterRecords(ChangeTable.NAME)
                    .rejectedRow(new RejectedRow(ChangeRow.of(row, List.of("line_id")), "an earlier reason"))));
        }

        @Test
        void aReplayStoppedWhileABasketWaitsSendsTheBasketWholeWhenItResumes() throws Exception {
            rejectedAtMapping("p-amy", "amy@example.com", null, null);
            rejectedAtMapping("o1-1", "bob@example.com", "ORDER-1", "SKU-1");
            rejectedAtMapping("o1-2", "bob@example.com", "ORDER-1", "SKU-2");
            rejectedAtMapping("o1-3", "bob@example.com", "ORDER-1", "SKU-3");
            rejectedAtMapping("p-cem", "cem@example.com", null, null);
            // Insider takes Amy, then refuses the credentials: the replay stops with Bob's basket unsent.
            InsiderStandIn.reset();
            InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).inScenario("then 403").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(200).withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}"))
                    .willSetStateTo("refusing"));
            InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).inScenario("then 403").whenScenarioStateIs("refusing")
                    .willReturn(aResponse().withStatus(403).withBody("{\"error\":\"forbidden\"}")));

            Exchange stopped = template.request("direct:sync-replay", exchange -> { });

            assertNotNull(stopped.getException(), "the replay did not stop");
            Path progress = deadLetterFile().resolveSibling(ChangeTable.NAME + ".jsonl.replaying.progress");
            assertEquals("1", Files.readString(progress).strip(), "lines taken for settled while Bob's basket waited");
            InsiderStandIn.reset();
            InsiderStandIn.acceptAll();

            String summary = run("direct:sync-replay");

            assertEquals(List.of("bob@example.com ORDER-1 SKU-1", "bob@example.com ORDER-1 SKU-2", "bob@example.com ORDER-1 SKU-3"), eventsSent());
            assertEquals(1, InsiderStandIn.bodies().get(0).path("users").size(), "Bob's basket is not one request: " + InsiderStandIn.bodies());
            assertEquals("cem@example.com", InsiderStandIn.bodies().get(1).path("users").get(0).path("identifiers").path("email").asText());
            assertEquals("replay purchase_changes: records 4, users delivered 2, dead-lettered again 0, requests 2", summary);
        }
    }
}
