package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.insidersync.run.BatchHandOff;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.FreshStart;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.TestState;
import org.apache.camel.BeanInject;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The row split's aggregator at its limits, with the real routes: a window of 2,500 users, each with a profile row and a
 * basket of two lines, comes out as requests within the user and byte limits, each user in one request (unless it
 * alone is too large) and each basket whole, every user exactly once.
 */
@CamelMainTest(mainClass = SyncApplication.class, propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class AggregatedBatchesTest {

    static final WireMockServer INSIDER = InsiderStandIn.server();
    static final java.nio.file.Path STATE = TestState.dir();
    static final int USERS = 2500;

    static {
        ChangeTable.exists();
    }

    @EndpointInject("direct:sync-run")
    ProducerTemplate sync;

    @BeanInject("sync.batchHandOff")
    BatchHandOff handOff;

    ChangeTable table;

    @BeforeEach
    void freshState() throws Exception {
        table = FreshStart.everything();
    }

    static void window(ChangeTable table) throws SQLException {
        for (int i = 0; i < USERS; i++) {
            String email = String.format("user%05d@example.com", i);
            table.profile(1, "insert", "p-" + i, email, "User" + i, "Gold")
                    .purchase(1, "o-" + i + "-1", email, "ORDER-" + i, "SKU-1", "EUR", 1, "10.00")
                    .purchase(1, "o-" + i + "-2", email, "ORDER-" + i, "SKU-2", "EUR", 2, "5.50");
        }
    }

    String run() {
        Exchange result = sync.request("direct:sync-run", exchange -> { });
        assertNull(result.getException(), () -> "run failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    /** Every user sent once, with its profile and its whole basket in the same request; the largest request's users. */
    static int assertEveryUserOnceWithItsBasketWhole(int maxUsers, long maxBytes) {
        Set<String> seen = new HashSet<>();
        int largest = 0;
        List<LoggedRequest> requests = InsiderStandIn.requests();
        List<JsonNode> bodies = InsiderStandIn.bodies();
        for (int r = 0; r < requests.size(); r++) {
            assertTrue(requests.get(r).getBody().length <= maxBytes, "a request of " + requests.get(r).getBody().length + " bytes");
            JsonNode users = bodies.get(r).get("users");
            assertTrue(users.size() <= maxUsers, users.size() + " users in one request");
            largest = Math.max(largest, users.size());
            for (JsonNode user : users) {
                String email = user.path("identifiers").path("email").asText();
                assertTrue(seen.add(email), email + " sent twice");
                assertEquals("Gold", user.path("attributes").path("custom").path("loyalty_tier").asText(), email);
                Map<String, Integer> lines = new HashMap<>();
                user.path("events").forEach(event -> lines.merge(event.path("event_params").path("event_group_id").asText(), 1, Integer::sum));
                assertEquals(Map.of("ORDER-" + Integer.parseInt(email.substring(4, 9)), 2), lines, "the basket of " + email);
            }
        }
        assertEquals(USERS, seen.size());
        return largest;
    }

    @Nested
    @CamelMainTest(properties = "insider.concurrency=1")
    class WithTheDefaultLimits {

        @Test
        void aWindowOf2500UsersGoesInThreeRequestsOfWholeUsersEachHandedOnAsItIsComplete() throws Exception {
            window(table);
            long completionsBefore = handOff.getCompletedTaskCount();

            String summary = run();

            assertEquals(1000, assertEveryUserOnceWithItsBasketWhole(1000, 5_000_000));
            // One sender: the requests arrive in window order.
            assertEquals(List.of(1000, 1000, 500), InsiderStandIn.bodies().stream().map(body -> body.get("users").size()).toList());
            assertEquals("user00000@example.com", InsiderStandIn.bodies().get(0).get("users").get(0).path("identifiers").path("email").asText());
            // Each batch went on by itself while the window was read, not all of them at its end.
            assertEquals(3, handOff.getCompletedTaskCount() - completionsBefore, "completions handed on");
            assertTrue(summary.contains("users 2500") && summary.contains("events 5000") && summary.contains("requests 3"), summary);
        }
    }

    @Nested
    @CamelMainTest(properties = "insider.batch-max-bytes=20000")
    class WithASmallByteLimit {

        @Test
        void everyRequestStaysWithinTheBytesAndUsersAreNeverCut() throws Exception {
            window(table);

            String summary = run();

            int largest = assertEveryUserOnceWithItsBasketWhole(1000, 20_000);
            assertTrue(largest > 1 && largest < 1000, "the byte limit, not the user limit, closed the requests: " + largest);
            assertTrue(summary.contains("users 2500"), summary);
        }
    }

    @Nested
    @CamelMainTest(properties = {"insider.batch-max-users=1", "insider.concurrency=4"})
    class WithOneUserARequest {

        @Test
        void eachUserGoesInARequestOfItsOwnWithItsWholeBasket() throws Exception {
            window(table);

            String summary = run();

            assertEquals(1, assertEveryUserOnceWithItsBasketWhole(1, 5_000_000));
            assertEquals(USERS, InsiderStandIn.requests().size());
            assertTrue(summary.contains("requests " + USERS), summary);
        }
    }
}
