package io.insidersync.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insidersync.support.InsiderStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A basket read from a real Delta table's change feed is sent whole or not at all, and replayed whole after a fix. */
class WholeBasketIT {

    private static final DeltaLake LAKE = DeltaLake.get();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

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

    @Test
    void aBasketWithALineWithoutPriceIsSetAsideWholeThenReplayedWholeInOneRequest() throws Exception {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        String table = "baskets_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (line_id STRING, email STRING, event_name STRING, order_id STRING, product_id STRING, "
                        + "currency STRING, quantity INT, unit_sale_price DECIMAL(10,2)) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)",
                "INSERT INTO " + table + " VALUES ('o1-1', 'ann@example.com', 'purchase', 'ORDER-1', 'SKU-1', 'USD', 1, 10.00), "
                        + "('o1-2', 'ann@example.com', 'purchase', 'ORDER-1', 'SKU-2', 'USD', 2, NULL), "
                        + "('o2-1', 'bob@example.com', 'purchase', 'ORDER-2', 'SKU-9', 'USD', 1, 3.00)",
                // The basket's last line comes in a later commit of the same window.
                "INSERT INTO " + table + " VALUES ('o1-3', 'ann@example.com', 'purchase', 'ORDER-1', 'SKU-3', 'USD', 1, 7.50)");
        DeltaSync sync = new DeltaSync(table, state, "sync.key-columns=line_id", "sync.start=version:1", "mapping.identifiers.email=email",
                "mapping.event.name=event_name", "mapping.event.params.event_group_id=order_id", "mapping.event.params.product_id=product_id",
                "mapping.event.params.currency=currency", "mapping.event.params.quantity=quantity",
                "mapping.event.params.unit_sale_price=unit_sale_price");

        String summary = sync.once();

        assertEquals(List.of("bob@example.com ORDER-2 SKU-9"), eventsSent(), "Ann's basket went out in part: " + summary);
        List<JsonNode> dead = sync.deadLetters();
        assertEquals(List.of("o1-1", "o1-2", "o1-3"), dead.stream().map(r -> r.path("key").path("line_id").asText()).toList());
        String missingPrice = "event_params.unit_sale_price (column unit_sale_price) is required on a purchase event but is empty";
        assertEquals(missingPrice, dead.get(1).path("reason").asText());
        for (int i : new int[] {0, 2}) {
            assertTrue(dead.get(i).path("reason").asText().startsWith("basket ORDER-1 (column order_id): withheld, because its line "
                    + "{line_id=o1-2} was rejected: " + missingPrice + ";"), dead.get(i).path("reason").asText());
        }
        assertEquals(LAKE.version(table), sync.checkpointVersion());

        // The integrator fills in the missing price in the dead-letter file and replays it.
        Path file = state.resolve("deadletter").resolve(table + ".jsonl");
        List<String> fixed = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            if (record.path("key").path("line_id").asText().equals("o1-2")) {
                ((ObjectNode) record.get("row")).put("unit_sale_price", new BigDecimal("5.00"));
            }
            fixed.add(JSON.writeValueAsString(record));
        }
        Files.write(file, fixed);
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();

        assertEquals(0, sync.run("--replay"), sync.err());

        assertEquals(1, InsiderStandIn.requests().size(), sync.out());
        assertEquals(1, InsiderStandIn.bodies().get(0).path("users").size(), InsiderStandIn.bodies().toString());
        assertEquals(List.of("ann@example.com ORDER-1 SKU-1", "ann@example.com ORDER-1 SKU-2", "ann@example.com ORDER-1 SKU-3"), eventsSent());
        assertTrue(sync.deadLetters().isEmpty(), sync.deadLetters().toString());
    }
}
