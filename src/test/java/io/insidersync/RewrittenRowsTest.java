package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A commit that deletes a key and writes it again (INSERT OVERWRITE, REPLACE WHERE) holds a {@code delete} and an
 * {@code insert} of that key at one version: the key's new image is its net change, an update rather than a new row.
 * Each test writes one key's pair delete-first and another's insert-first, as a change table may hold them either way.
 * The real YAML routes read the H2 change table and deliver to the stand-in Insider.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class RewrittenRowsTest {

    static final com.github.tomakehurst.wiremock.WireMockServer INSIDER = InsiderStandIn.server();
    static final java.nio.file.Path STATE = TestState.dir();

    static {
        ChangeTable.exists();
    }

    @Produce("direct:sync-run")
    ProducerTemplate sync;

    ChangeTable table;

    @BeforeEach
    void freshState() throws Exception {
        table = FreshStart.everything();
    }

    private String runSyncSuccessfully() {
        Exchange result = sync.request("direct:sync-run", exchange -> { });
        assertNull(result.getException(), () -> "run failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    private void forgetWhatWasSent() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
    }

    /** One purchase line of a customer whose first name is on the row too. */
    private ChangeTable line(long version, String changeType, String lineId, String email, String name, String order) throws Exception {
        return table.row(version, changeType, lineId, email, null, name, null, "purchase", LocalDateTime.of(2026, 11, 20, 10, 0),
                order, "SKU-" + lineId, "USD", 1, new BigDecimal("10.00"));
    }

    /** What Insider received, by email: the name sent and the baskets of the events sent. */
    private static Map<String, String> received() {
        Map<String, String> users = new TreeMap<>();
        for (JsonNode body : InsiderStandIn.bodies()) {
            for (JsonNode user : body.path("users")) {
                List<String> baskets = new ArrayList<>();
                user.path("events").forEach(event -> baskets.add(event.path("event_params").path("event_group_id").asText()));
                users.put(user.path("identifiers").path("email").asText(), user.path("attributes").path("name").asText(null) + " " + baskets);
            }
        }
        return users;
    }

    @Test
    void aRewriteOfSyncedRowsSendsTheirNewImagesAsUpdatesWithoutEventsAndANewRowWithItsEvent() throws Exception {
        line(1, "insert", "o1-1", "ann@example.com", "Ann", "ORDER-1");
        line(1, "insert", "o2-1", "bob@example.com", "Bob", "ORDER-2");
        runSyncSuccessfully();
        assertEquals(Map.of("ann@example.com", "Ann [ORDER-1]", "bob@example.com", "Bob [ORDER-2]"), received());
        forgetWhatWasSent();

        // Version 2 overwrites the table: every old row deleted, every new one inserted, all at one version.
        line(2, "delete", "o1-1", "ann@example.com", "Ann", "ORDER-1");
        line(2, "insert", "o1-1", "ann@example.com", "Annie", "ORDER-1");
        line(2, "insert", "o2-1", "bob@example.com", "Robert", "ORDER-2");
        line(2, "delete", "o2-1", "bob@example.com", "Bob", "ORDER-2");
        line(2, "insert", "o3-1", "cy@example.com", "Cy", "ORDER-3");
        String summary = runSyncSuccessfully();

        assertEquals(Map.of("ann@example.com", "Annie []", "bob@example.com", "Robert []", "cy@example.com", "Cy [ORDER-3]"), received(),
                "a rewritten purchase is not a new purchase: " + InsiderStandIn.bodies());
        assertTrue(summary.contains("users 3, events 1,"), summary);
        assertEquals(List.of(), TestState.deadLetters());
        assertEquals(2, TestState.checkpointVersion());
    }

    @Test
    void aKeyFirstInsertedInTheWindowKeepsItsEventThoughItWasRewrittenLaterInTheWindow() throws Exception {
        line(1, "insert", "o1-1", "ann@example.com", "Ann", "ORDER-1");
        line(1, "insert", "o1-2", "ann@example.com", "Ann", "ORDER-1");
        line(1, "insert", "o2-1", "bob@example.com", "Bob", "ORDER-2");
        line(2, "delete", "o1-1", "ann@example.com", "Ann", "ORDER-1");
        line(2, "insert", "o1-1", "ann@example.com", "Annie", "ORDER-1");
        line(2, "insert", "o2-1", "bob@example.com", "Robert", "ORDER-2");
        line(2, "delete", "o2-1", "bob@example.com", "Bob", "ORDER-2");

        runSyncSuccessfully();

        // The basket of Ann's two lines arrives whole: the rewritten line still agrees with the other on user and currency.
        assertEquals(Map.of("ann@example.com", "Annie [ORDER-1, ORDER-1]", "bob@example.com", "Robert [ORDER-2]"), received());
        assertEquals(List.of(), TestState.deadLetters());
    }

    @Test
    void aDeleteAtALaterVersionThanTheRewriteStillWinsAndIsNotSent() throws Exception {
        line(1, "insert", "o1-1", "ann@example.com", "Ann", "ORDER-1");
        line(1, "insert", "o2-1", "bob@example.com", "Bob", "ORDER-2");
        runSyncSuccessfully();
        forgetWhatWasSent();

        line(2, "delete", "o1-1", "ann@example.com", "Ann", "ORDER-1");
        line(2, "insert", "o1-1", "ann@example.com", "Annie", "ORDER-1");
        line(2, "insert", "o2-1", "bob@example.com", "Robert", "ORDER-2");
        line(2, "delete", "o2-1", "bob@example.com", "Bob", "ORDER-2");
        line(3, "delete", "o1-1", "ann@example.com", "Annie", "ORDER-1");
        line(3, "delete", "o2-1", "bob@example.com", "Robert", "ORDER-2");
        runSyncSuccessfully();

        assertEquals(Map.of(), received());
        assertEquals(3, TestState.checkpointVersion());
    }
}
