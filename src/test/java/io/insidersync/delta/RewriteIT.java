package io.insidersync.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.insidersync.support.InsiderStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements that rewrite rows on a real Delta table. Delta records INSERT OVERWRITE and REPLACE WHERE as a
 * {@code delete} of each old row and an {@code insert} of each new one, all at the statement's version: a row written
 * again is an update (its new attributes, no event), a row that was not there before is new (with its event).
 */
class RewriteIT {

    private static final DeltaLake LAKE = DeltaLake.get();

    @TempDir
    Path state;

    @BeforeEach
    void forgetWhatWasSent() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
    }

    /** A new table of sign-ups (id, email, name, event_name) with the Change Data Feed on, created at version 0. */
    private static String newSignups(String name) {
        String table = name + "_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (id INT, email STRING, name STRING, event_name STRING) USING DELTA "
                + "TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        return table;
    }

    private DeltaSync signups(String table) {
        return new DeltaSync(table, state, "sync.key-columns=id", "sync.start=version:1", "mapping.identifiers.email=email",
                "mapping.attributes.name=name", "mapping.event.name=event_name");
    }

    /** What Insider received, by email: the name sent and the names of the events sent. */
    private static Map<String, String> received() {
        Map<String, String> users = new TreeMap<>();
        for (JsonNode body : InsiderStandIn.bodies()) {
            for (JsonNode user : body.path("users")) {
                List<String> events = new ArrayList<>();
                user.path("events").forEach(event -> events.add(event.path("event_name").asText()));
                users.put(user.path("identifiers").path("email").asText(), user.path("attributes").path("name").asText(null) + " " + events);
            }
        }
        return users;
    }

    /** The change types of one version of the table's feed, by key, as Delta wrote them. */
    private static Map<String, List<String>> changesAt(String table, long version) {
        Map<String, List<String>> changes = new TreeMap<>();
        for (List<String> row : LAKE.query("SELECT id, _change_type FROM table_changes('" + table + "', " + version + ", " + version
                + ") ORDER BY id, _change_type")) {
            changes.computeIfAbsent(row.get(0), id -> new ArrayList<>()).add(row.get(1));
        }
        return changes;
    }

    @Test
    void anInsertOverwriteSendsTheRewrittenRowsAsUpdatesAndTheNewRowWithItsEvent() {
        String table = newSignups("overwrite");
        DeltaSync sync = signups(table);
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann', 'signup'), (2, 'bob@example.com', 'Bob', 'signup')");
        sync.once();
        assertEquals(Map.of("ann@example.com", "Ann [signup]", "bob@example.com", "Bob [signup]"), received());
        forgetWhatWasSent();

        LAKE.sql("INSERT OVERWRITE " + table + " VALUES (1, 'ann@example.com', 'Annie', 'signup'), (2, 'bob@example.com', 'Robert', 'signup'), "
                + "(3, 'cy@example.com', 'Cy', 'signup')");
        assertEquals(Map.of("1", List.of("delete", "insert"), "2", List.of("delete", "insert"), "3", List.of("insert")), changesAt(table, 2),
                "what INSERT OVERWRITE writes to the feed");
        String summary = sync.once();

        assertEquals(Map.of("ann@example.com", "Annie []", "bob@example.com", "Robert []", "cy@example.com", "Cy [signup]"), received(), summary);
        assertTrue(summary.contains("users 3, events 1,"), summary);
        assertEquals(List.of(), sync.deadLetters());
        assertEquals(2, sync.checkpointVersion());
    }

    @Test
    void aReplaceWhereSendsTheReplacedRowsAsUpdatesTheNewRowWithItsEventAndLeavesTheOthersAlone() {
        String table = newSignups("replace");
        DeltaSync sync = signups(table);
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann', 'signup'), (2, 'bob@example.com', 'Bob', 'signup'), "
                + "(5, 'eve@example.com', 'Eve', 'signup')");
        sync.once();
        forgetWhatWasSent();

        LAKE.sql("INSERT INTO " + table + " REPLACE WHERE id <= 3 VALUES (1, 'ann@example.com', 'Annie', 'signup'), "
                + "(2, 'bob@example.com', 'Robert', 'signup'), (3, 'cy@example.com', 'Cy', 'signup')");
        assertEquals(Map.of("1", List.of("delete", "insert"), "2", List.of("delete", "insert"), "3", List.of("insert")), changesAt(table, 2),
                "what REPLACE WHERE writes to the feed");
        String summary = sync.once();

        assertEquals(Map.of("ann@example.com", "Annie []", "bob@example.com", "Robert []", "cy@example.com", "Cy [signup]"), received(), summary);
        assertEquals(2, sync.checkpointVersion());
    }

    @Test
    void aRowInsertedInTheWindowKeepsItsEventThoughAnOverwriteLaterInTheWindowRewroteIt() {
        String table = newSignups("fresh");
        DeltaSync sync = signups(table);
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann', 'signup')",
                "INSERT OVERWRITE " + table + " VALUES (1, 'ann@example.com', 'Annie', 'signup')");

        sync.once();

        assertEquals(Map.of("ann@example.com", "Annie [signup]"), received());
    }

    @Test
    void anOverwrittenBasketIsNotBoughtAgainAndANewBasketIsStillHeldToItsLinesAgreeing() {
        String table = "baskets_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (id INT, email STRING, name STRING, event_name STRING, order_id STRING, currency STRING, "
                + "quantity INT, price DECIMAL(10,2)) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        DeltaSync sync = new DeltaSync(table, state, "sync.key-columns=id", "sync.start=version:1", "mapping.identifiers.email=email",
                "mapping.attributes.name=name", "mapping.event.name=event_name", "mapping.event.params.event_group_id=order_id",
                "mapping.event.params.currency=currency", "mapping.event.params.quantity=quantity", "mapping.event.params.unit_sale_price=price");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann', 'purchase', 'ORDER-1', 'USD', 1, 10.00), "
                + "(2, 'ann@example.com', 'Ann', 'purchase', 'ORDER-1', 'USD', 2, 5.00)");
        sync.once();
        assertEquals(Map.of("ann@example.com", "Ann [purchase, purchase]"), received());
        forgetWhatWasSent();

        LAKE.sql("INSERT OVERWRITE " + table + " VALUES (1, 'ann@example.com', 'Annie', 'purchase', 'ORDER-1', 'USD', 1, 10.00), "
                + "(2, 'ann@example.com', 'Annie', 'purchase', 'ORDER-1', 'USD', 2, 5.00), "
                + "(3, 'bob@example.com', 'Bob', 'purchase', 'ORDER-2', 'USD', 1, 3.00), "
                + "(4, 'bob@example.com', 'Bob', 'purchase', 'ORDER-2', 'EUR', 1, 4.00), "
                + "(5, 'cy@example.com', 'Cy', 'purchase', 'ORDER-3', 'USD', 1, 7.00)");
        String summary = sync.once();

        assertEquals(Map.of("ann@example.com", "Annie []", "cy@example.com", "Cy [purchase]"), received(), summary);
        List<String> setAside = sync.deadLetters().stream().map(record -> record.path("key").path("id").asText()).sorted().toList();
        assertEquals(List.of("3", "4"), setAside, "both lines of the basket that disagrees on its currency: " + sync.deadLetters());
        assertTrue(sync.deadLetters().get(0).path("reason").asText().contains("basket ORDER-2"), sync.deadLetters().toString());
    }
}
