package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.insidersync.run.RunFailures;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.Eventually;
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
 * The real YAML routes and processors, started as camel-main starts them, reading an H2 change table and
 * delivering to the stand-in Insider server on 127.0.0.1.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class SyncRouteTest {

    static final WireMockServer INSIDER = InsiderStandIn.server();
    static final java.nio.file.Path STATE = TestState.dir();

    static {
        // The sync checks the table's columns against the mapping when it starts.
        ChangeTable.exists();
    }

    @Produce("direct:sync-run")
    ProducerTemplate sync;

    ChangeTable table;

    @BeforeEach
    void freshState() throws Exception {
        table = FreshStart.everything();
    }

    private Exchange runSync() {
        return sync.request("direct:sync-run", exchange -> { });
    }

    private String runSyncSuccessfully() {
        Exchange result = runSync();
        assertNull(result.getException(), () -> "run failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    private static List<JsonNode> users() {
        List<JsonNode> users = new ArrayList<>();
        InsiderStandIn.bodies().forEach(body -> body.get("users").forEach(users::add));
        return users;
    }

    private static JsonNode user(String email) {
        return users().stream().filter(u -> u.path("identifiers").path("email").asText().equals(email)).findFirst().orElse(null);
    }

    @Test
    void sendsTheNetChangePerKeyAndNeverPreImagesOrDeletes() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", "Bronze")
                .profile(2, "update_preimage", "p-a", "a@example.com", "Ann", "Bronze")
                .profile(2, "update_postimage", "p-a", "a@example.com", "Ann", "Silver")
                .profile(3, "update_preimage", "p-a", "a@example.com", "Ann", "Silver")
                .profile(3, "update_postimage", "p-a", "a@example.com", "Anna", "Gold")
                // inserted and deleted within the window: nothing to send
                .profile(1, "insert", "p-gone", "gone@example.com", "Gone", null)
                .profile(2, "delete", "p-gone", "gone@example.com", "Gone", null)
                // deleted, then inserted again later: the later insert wins
                .profile(1, "delete", "p-back", "back@example.com", "Old", null)
                .profile(3, "insert", "p-back", "back@example.com", "Back", null);

        String summary = runSyncSuccessfully();

        List<JsonNode> users = users();
        assertEquals(2, users.size(), "one user per key with a net change: " + users);
        JsonNode ann = user("a@example.com");
        assertEquals("Anna", ann.path("attributes").path("name").asText());
        assertEquals("Gold", ann.path("attributes").path("custom").path("loyalty_tier").asText());
        assertNull(user("gone@example.com"));
        assertEquals("Back", user("back@example.com").path("attributes").path("name").asText());
        assertEquals(3, TestState.checkpointVersion());
        assertTrue(summary.contains("window 0..3"), summary);
    }

    @Test
    void aSecondRunWithNoNewVersionSendsNothing() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        runSyncSuccessfully();
        assertEquals(1, InsiderStandIn.requests().size());

        String summary = runSyncSuccessfully();

        assertEquals(1, InsiderStandIn.requests().size(), "the second run sent a request");
        assertEquals(1, TestState.checkpointVersion());
        assertTrue(summary.contains("up to date at version 1"), summary);
    }

    @Test
    void aRunAfterNewVersionsSendsOnlyThoseVersions() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null)
                .purchase(1, "o1-1", "a@example.com", "ORDER-1", "SKU-1", "USD", 1, "10.00");
        runSyncSuccessfully();
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();

        table.profile(2, "insert", "p-b", "b@example.com", "Bob", null)
                .profile(3, "update_preimage", "p-a", "a@example.com", "Ann", null)
                .profile(3, "update_postimage", "p-a", "a@example.com", "Ann", "Gold")
                .purchase(3, "o2-1", "b@example.com", "ORDER-2", "SKU-2", "USD", 1, "20.00");
        String summary = runSyncSuccessfully();

        assertTrue(summary.contains("window 2..3"), summary);
        JsonNode ann = user("a@example.com");
        assertEquals("Gold", ann.path("attributes").path("custom").path("loyalty_tier").asText());
        assertTrue(ann.path("events").isMissingNode(), "ORDER-1 belongs to version 1 and was sent again: " + ann);
        JsonNode bob = user("b@example.com");
        assertEquals("ORDER-2", bob.path("events").get(0).path("event_params").path("event_group_id").asText());
        assertEquals(2, users().size());
        assertEquals(3, TestState.checkpointVersion());
    }

    @Test
    void anUpdateOfAnOlderRowUpdatesAttributesButIsNotANewEvent() throws Exception {
        table.purchase(1, "o1-1", "a@example.com", "ORDER-1", "SKU-1", "USD", 1, "10.00");
        runSyncSuccessfully();
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();

        table.row(2, "update_preimage", "o1-1", "a@example.com", null, null, null, "purchase", java.time.LocalDateTime.of(2026, 11, 20, 10, 0),
                "ORDER-1", "SKU-1", "USD", 1, new java.math.BigDecimal("10.00"));
        table.row(2, "update_postimage", "o1-1", "a@example.com", null, "Ann", null, "purchase", java.time.LocalDateTime.of(2026, 11, 20, 10, 0),
                "ORDER-1", "SKU-1", "USD", 1, new java.math.BigDecimal("10.00"));
        runSyncSuccessfully();

        JsonNode ann = user("a@example.com");
        assertEquals("Ann", ann.path("attributes").path("name").asText());
        assertTrue(ann.path("events").isMissingNode(), "the purchase was sent a second time: " + ann);
    }

    @Test
    void invalidRowsGoToTheDeadLetterWithReasonsWhileTheRestIsDelivered() throws Exception {
        table.profile(1, "insert", "p-ok", "ok@example.com", "Ok", null)
                .profile(1, "insert", "p-bad-email", "not-an-email", "Bad", null)
                .row(1, "insert", "p-bad-phone", "phone@example.com", "12345", "Pat", null, null, null, null, null, null, null, null)
                .purchase(1, "o-bad-1", "buyer@example.com", "ORDER-9", "SKU-1", "ZZZ", 1, "10.00")
                .purchase(1, "o-no-group", "buyer@example.com", null, "SKU-2", "USD", 1, "10.00")
                .purchase(1, "o-ok", "buyer@example.com", "ORDER-8", "SKU-3", "USD", 1, "10.00")
                .profile(1, "insert", "p-no-id", null, "Nobody", null);

        String summary = runSyncSuccessfully();

        List<JsonNode> dead = TestState.deadLetters();
        Map<String, JsonNode> byKey = new HashMap<>();
        dead.forEach(record -> byKey.put(record.path("key").path("line_id").asText(), record));
        assertEquals(5, dead.size(), "dead letters: " + dead);
        assertTrue(byKey.get("p-bad-email").path("reason").asText().contains("identifiers.email (column email) 'not-an-email' is not an email address"));
        assertTrue(byKey.get("p-bad-phone").path("reason").asText().contains("attributes.phone_number (column phone) '12345' is not in E.164 format"));
        assertTrue(byKey.get("o-bad-1").path("reason").asText().contains("event_params.currency (column currency) 'ZZZ' is not an ISO 4217 code"));
        assertTrue(byKey.get("o-no-group").path("reason").asText().contains("event_params.event_group_id (column order_id) is required on a purchase event"));
        assertTrue(byKey.get("p-no-id").path("reason").asText().contains("no identifier"));
        for (JsonNode record : dead) {
            assertEquals("mapping", record.path("stage").asText());
            assertEquals("purchase_changes", record.path("table").asText());
            assertEquals(1, record.path("commit_version").asLong());
            assertEquals(record.path("key").path("line_id").asText(), record.path("row").path("line_id").asText());
        }
        assertEquals("Ok", user("ok@example.com").path("attributes").path("name").asText());
        assertEquals(1, user("buyer@example.com").path("events").size());
        assertEquals(2, users().size());
        assertEquals(1, TestState.checkpointVersion());
        assertTrue(summary.contains("dead-lettered 5"), summary);
    }

    @Test
    void aUserInsiderRefusesInAnAcceptedRequestGoesToTheDeadLetterAlone() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null)
                .purchase(1, "o-b", "b@example.com", "ORDER-1", "SKU-1", "USD", 1, "10.00")
                .profile(1, "insert", "p-c", "c@example.com", "Cem", null);
        InsiderStandIn.answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                "{\"data\":{\"successful\":{\"count\":2},\"fail\":{\"count\":1,\"errors\":{"
                        + "\"users.1.events.0.event_params.*.required\":[\"event_group_id parameter is required on purchase event\"]}}}}"));

        String summary = runSyncSuccessfully();

        List<JsonNode> dead = TestState.deadLetters();
        assertEquals(1, dead.size(), "dead letters: " + dead);
        JsonNode record = dead.get(0);
        assertEquals("insider-rejected", record.path("stage").asText());
        assertEquals("b@example.com", record.path("user").path("identifiers").path("email").asText());
        assertEquals("o-b", record.path("key").path("line_id").asText());
        assertTrue(record.path("reason").asText().contains("event_group_id parameter is required on purchase event"));
        assertTrue(summary.contains("users 2"), summary);
        assertEquals(1, TestState.checkpointVersion());
    }

    @Test
    void aBasketWhoseLinesDisagreeOnTheUserOrCurrencyIsSetAsideWholeAndOtherBasketsGoOut() throws Exception {
        table.purchase(1, "o1-1", "b@example.com", "ORDER-1", "SKU-1", "USD", 1, "10.00")
                .purchase(1, "o1-2", "c@example.com", "ORDER-1", "SKU-2", "USD", 1, "5.00")
                .purchase(1, "o2-1", "d@example.com", "ORDER-2", "SKU-1", "USD", 1, "10.00")
                .purchase(1, "o2-2", "d@example.com", "ORDER-2", "SKU-2", "EUR", 1, "5.00")
                .purchase(1, "o3-1", "d@example.com", "ORDER-3", "SKU-1", "USD", 1, "10.00")
                .purchase(1, "o3-2", "d@example.com", "ORDER-3", "SKU-2", "USD", 2, "5.00");

        String summary = runSyncSuccessfully();

        Map<String, String> reasons = new HashMap<>();
        TestState.deadLetters().forEach(record -> reasons.put(record.path("key").path("line_id").asText(), record.path("reason").asText()));
        assertEquals(java.util.Set.of("o1-1", "o1-2", "o2-1", "o2-2"), reasons.keySet(), "every line of both inconsistent baskets: " + reasons);
        assertEquals("basket ORDER-1 (column order_id): its lines disagree on identifiers.email (column email); every line of a basket must "
                + "belong to one user and share one currency, so the whole basket is set aside", reasons.get("o1-2"));
        assertTrue(reasons.get("o2-1").startsWith("basket ORDER-2 (column order_id): its lines disagree on event_params.currency (column currency);"),
                reasons.get("o2-1"));
        List<JsonNode> events = new ArrayList<>();
        users().forEach(user -> user.path("events").forEach(events::add));
        assertEquals(List.of("ORDER-3", "ORDER-3"), events.stream().map(e -> e.path("event_params").path("event_group_id").asText()).toList());
        assertTrue(summary.contains("dead-lettered 4"), summary);
    }

    @Test
    void customFieldsInsiderDoesNotKnowAreReportedWithWhatToDo() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", "Gold");
        InsiderStandIn.answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                "{\"data\":{\"successful\":{\"count\":0},\"fail\":{\"count\":1,\"errors\":{"
                        + "\"users.0.attributes.custom.loyalty_tier\":[\"attribute is not defined\"]}}}}"));

        runSyncSuccessfully();

        JsonNode record = TestState.deadLetters().get(0);
        assertEquals("insider-rejected", record.path("stage").asText());
        assertEquals("Insider refused the user: users.0.attributes.custom.loyalty_tier: attribute is not defined (Insider takes a custom "
                + "attribute or event parameter only once it is defined in its panel, under Events & Attributes; this record keeps the user "
                + "to send again once it is)", record.path("reason").asText());
    }

    @Test
    void aColumnDroppedSinceStartUpFailsTheRunBeforeAnythingIsReadOrSent() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null).dropColumn("first_name");

        Exchange result;
        try {
            result = runSync();
        } finally {
            // The next test's sync starts by checking the columns: give it the whole table back.
            ChangeTable.empty();
        }

        assertNotNull(result.getException(), "the run went on without a mapped column");
        assertEquals("The mapping does not fit table purchase_changes: mapping.attributes.name: table purchase_changes has no column first_name. "
                + "Its columns are line_id, email, phone, loyalty_tier, event_name, event_time, order_id, product_id, currency, quantity, "
                + "unit_sale_price, params, _change_type, _commit_version, _commit_timestamp", RunFailures.describe(result.getException()));
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertFalse(java.nio.file.Files.exists(TestState.checkpoint()), "the checkpoint moved");
    }

    @Test
    void aRateLimitedRequestIsRetriedAndDelivered() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.firstThenAccept(aResponse().withStatus(429).withBody("{\"error\":\"rejected: too many requests\"}"));

        String summary = runSyncSuccessfully();

        assertEquals(2, InsiderStandIn.requests().size());
        assertEquals(InsiderStandIn.requests().get(0).getBodyAsString(), InsiderStandIn.requests().get(1).getBodyAsString(),
                "the retry sent a different body");
        assertTrue(TestState.deadLetters().isEmpty());
        assertTrue(summary.contains("users 1"), summary);
        assertEquals(1, TestState.checkpointVersion());
    }

    @Test
    void aBadRequestIsDeadLetteredWithInsidersMessageWithoutRetrying() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(aResponse().withStatus(400).withBody("{\"error\":\"users must be defined: bad request\"}"));

        runSyncSuccessfully();

        assertEquals(1, InsiderStandIn.requests().size(), "a 400 was retried");
        JsonNode record = TestState.deadLetters().get(0);
        assertEquals("delivery-failed", record.path("stage").asText());
        assertEquals("Insider answered HTTP 400: {\"error\":\"users must be defined: bad request\"}", record.path("reason").asText());
        assertEquals(1, record.path("users").asInt());
        assertEquals(1, TestState.checkpointVersion());
    }

    @Test
    void aRetryAfterHeaderSetsTheWaitBeforeTheNextAttempt() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.firstThenAccept(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"error\":\"rejected: too many requests\"}"));

        runSyncSuccessfully();

        var requests = InsiderStandIn.requests();
        assertEquals(2, requests.size());
        long waited = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        // insider.retry-delay-ms is 20 in these tests: only the header can explain a wait of about a second.
        assertTrue(waited >= 900, "waited only " + waited + " ms");
    }

    @Test
    void a429StormWithoutRetryAfterIsWaitedOutWithoutUsingUpTheRetryBudget() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.failTimesThenAccept(6, aResponse().withStatus(429).withBody("{\"error\":\"rejected: too many requests\"}"));

        String summary = runSyncSuccessfully();

        // insider.max-retries is 3: a 5xx storm this long would have set the request aside.
        assertEquals(7, InsiderStandIn.requests().size());
        assertTrue(TestState.deadLetters().isEmpty());
        assertTrue(summary.contains("users 1"), summary);
        assertEquals(1, TestState.checkpointVersion());
    }

    @Test
    void a429StormWithRetryAfterWaitsAsToldBeforeEveryAttempt() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.failTimesThenAccept(4, aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"error\":\"rejected: too many requests\"}"));

        runSyncSuccessfully();

        var requests = InsiderStandIn.requests();
        assertEquals(5, requests.size(), "4 answers of 429 are more than insider.max-retries=3, and still delivered");
        for (int i = 1; i < requests.size(); i++) {
            long waited = requests.get(i).getLoggedDate().getTime() - requests.get(i - 1).getLoggedDate().getTime();
            assertTrue(waited >= 900, "attempt " + (i + 1) + " came " + waited + " ms after the 429 that said to wait 1 s");
        }
        assertTrue(TestState.deadLetters().isEmpty());
    }

    @Test
    void aBodyInsiderFindsTooLargeIsSplitAndEveryUserResentOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            table.profile(1, "insert", "p-" + i, "u" + i + "@example.com", "User" + i, null);
        }
        // This stand-in takes at most two users a request, and says so as Insider does for a body over its limit.
        INSIDER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(InsiderStandIn.PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.users[2]")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"request body is bigger than maximum allowed size 5,000,000 bytes\"}")));

        String summary = runSyncSuccessfully();

        List<String> delivered = new ArrayList<>();
        for (JsonNode body : InsiderStandIn.bodies()) {
            if (body.get("users").size() <= 2) {
                body.get("users").forEach(u -> delivered.add(u.at("/identifiers/email").asText()));
            }
        }
        assertEquals(List.of("u0@example.com", "u1@example.com", "u2@example.com", "u3@example.com", "u4@example.com"),
                delivered.stream().sorted().toList(), "every user accepted exactly once");
        assertTrue(TestState.deadLetters().isEmpty(), TestState.deadLetters().toString());
        assertTrue(summary.contains("users 5"), summary);
    }

    @Test
    void refusedCredentialsFailTheRunAtOnceAndKeepTheCheckpoint() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        runSyncSuccessfully();
        table.profile(2, "insert", "p-b", "b@example.com", "Bob", null)
                .profile(2, "insert", "p-c", "c@example.com", "Cem", null);
        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withStatus(403).withBody("{\"error\":\"forbidden\"}"));

        Exchange result = runSync();

        assertNotNull(result.getException(), "the run did not fail");
        String message = RunFailures.describe(result.getException());
        assertTrue(message.contains("insider.request-token") && message.contains("403"), message);
        assertFalse(message.contains("test-secret-token"), "the message shows the token");
        assertEquals(1, InsiderStandIn.requests().size(), "a 403 was retried");
        assertEquals(1, TestState.checkpointVersion(), "the checkpoint moved");
        assertTrue(TestState.deadLetters().isEmpty());
    }

    @Test
    void requestsCarryInsidersHeadersAndTheExactBody() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);

        runSyncSuccessfully();

        INSIDER.verify(postRequestedFor(urlEqualTo(InsiderStandIn.PATH))
                .withHeader("X-PARTNER-NAME", equalTo("testpartner"))
                .withHeader("X-REQUEST-TOKEN", equalTo("test-secret-token"))
                .withHeader("Content-Type", equalTo("application/json")));
        assertEquals("{\"users\":[{\"identifiers\":{\"email\":\"a@example.com\"},\"attributes\":{\"name\":\"Ann\"}}]}",
                InsiderStandIn.requests().get(0).getBodyAsString());
    }

    @Test
    void twoThousandFiveHundredUsersGoOutAsThreeRequestsWithTheDefaultLimits() throws Exception {
        table.manyProfiles(1, 2500, "");

        String summary = runSyncSuccessfully();

        List<JsonNode> bodies = InsiderStandIn.bodies();
        // Sent by concurrent senders: the order they arrive in is not fixed.
        assertEquals(List.of(500, 1000, 1000), bodies.stream().map(body -> body.get("users").size()).sorted().toList());
        assertTrue(summary.contains("users 2500") && summary.contains("requests 3"), summary);
    }

    @org.junit.jupiter.api.Nested
    @CamelMainTest(properties = "insider.batch-max-users=2")
    class WithSmallBatches {

        @Test
        void basketArrivesWholeInOneRequest() throws Exception {
            table.profile(1, "insert", "p-a", "a@example.com", "Ann", "Gold")
                    .purchase(1, "o1-1", "b@example.com", "ORDER-1", "SKU-1", "USD", 1, "10.00")
                    .purchase(1, "o1-2", "b@example.com", "ORDER-1", "SKU-2", "USD", 2, "5.50")
                    .purchase(1, "o1-3", "b@example.com", "ORDER-1", "SKU-3", "USD", 1, "3.00")
                    .profile(1, "insert", "p-c", "c@example.com", "Cem", null);
            // The lines of ORDER-2 are stored apart, with another user's row between them; the window query brings them together.
            table.purchase(1, "o2-2", "d@example.com", "ORDER-2", "SKU-9", "EUR", 1, "1.00")
                    .profile(1, "insert", "p-e", "e@example.com", "Eda", null)
                    .purchase(1, "o2-1", "d@example.com", "ORDER-2", "SKU-8", "EUR", 1, "2.00");

            runSyncSuccessfully();

            Map<String, List<Integer>> requestsByBasket = new HashMap<>();
            List<JsonNode> bodies = InsiderStandIn.bodies();
            for (int request = 0; request < bodies.size(); request++) {
                assertTrue(bodies.get(request).get("users").size() <= 2, "a request held more than insider.batch-max-users users");
                for (JsonNode user : bodies.get(request).get("users")) {
                    for (JsonNode event : user.path("events")) {
                        requestsByBasket.computeIfAbsent(event.path("event_params").path("event_group_id").asText(), b -> new ArrayList<>())
                                .add(request);
                    }
                }
            }
            assertEquals(3, requestsByBasket.get("ORDER-1").size());
            assertEquals(2, requestsByBasket.get("ORDER-2").size());
            requestsByBasket.forEach((basket, requests) ->
                    assertEquals(1, requests.stream().distinct().count(), basket + " was split across requests " + requests));
            assertEquals(3, bodies.size(), "5 users in requests of at most 2");
        }
    }

    @org.junit.jupiter.api.Nested
    @CamelMainTest(properties = {"mapping.event.params-column=params", "insider.not-append=true", "mapping.timezone=Europe/Istanbul"})
    class WithAParametersColumn {

        @Test
        void itsEntriesBecomeParametersAndArrayAttributesAreOverwritten() throws Exception {
            table.purchase(1, "o1-1", "b@example.com", "ORDER-1", "SKU-1", "USD", 2, "10.00")
                    .params("o1-1", 1, "{\"unit_price\":\"12.50\",\"taxonomy\":[\"Home\",\"Lamp\"],\"product_id\":\"IGNORED\",\"gift_wrap\":true}");

            runSyncSuccessfully();

            JsonNode user = user("b@example.com");
            assertTrue(user.path("not_append").asBoolean(), "insider.not-append=true is passed on: " + user);
            JsonNode event = user.path("events").get(0);
            // The wire text, not a parsed copy: decimals keep their digits.
            String body = InsiderStandIn.requests().get(0).getBodyAsString();
            assertTrue(body.contains("\"event_params\":{\"unit_price\":12.50,\"taxonomy\":[\"Home\",\"Lamp\"],\"product_id\":\"SKU-1\","
                    + "\"custom\":{\"gift_wrap\":true},\"currency\":\"USD\",\"event_group_id\":\"ORDER-1\",\"quantity\":2,\"unit_sale_price\":10.00}"), body);
            assertEquals("2026-11-20T07:00:00Z", event.path("timestamp").asText(), "event_time is a TIMESTAMP without zone, read in Europe/Istanbul");
        }
    }

    @org.junit.jupiter.api.Nested
    @CamelMainTest(properties = {"insider.batch-max-users=1", "insider.concurrency=3", "insider.max-rate-limit-wait-ms=300"})
    class WithOneUserPerRequestAndThreeSenders {

        @Test
        void refusedCredentialsStopEverySenderAndNothingMoreIsSent() throws Exception {
            table.manyProfiles(1, 20, "");
            InsiderStandIn.answer(aResponse().withStatus(403).withFixedDelay(50).withBody("{\"error\":\"forbidden\"}"));

            Exchange result = runSync();

            assertNotNull(result.getException(), "the run did not fail");
            assertTrue(RunFailures.describe(result.getException()).contains("insider.partner-name and insider.request-token"),
                    RunFailures.describe(result.getException()));
            assertTrue(InsiderStandIn.requests().size() <= 3, InsiderStandIn.requests().size() + " requests: more than were in flight");
            assertFalse(java.nio.file.Files.exists(TestState.checkpoint()), "the checkpoint moved");
            assertTrue(TestState.deadLetters().isEmpty());
        }

        @Test
        void aRunStoppedPartWayResumesWithOnlyTheBatchesNotYetAcknowledged() throws Exception {
            table.manyProfiles(1, 20, "");
            INSIDER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(InsiderStandIn.PATH))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("user00010@")).atPriority(1)
                    .willReturn(aResponse().withStatus(403)));

            assertNotNull(runSync().getException(), "the run did not fail");
            JsonNode progress = new com.fasterxml.jackson.databind.ObjectMapper().readTree(TestState.checkpoint().toFile()).path("window_in_progress");
            List<Long> acknowledged = new ArrayList<>();
            for (long batch = 0; batch < progress.path("batches_acknowledged_below").asLong(); batch++) {
                acknowledged.add(batch);
            }
            progress.path("batches_acknowledged").forEach(batch -> acknowledged.add(batch.asLong()));
            assertTrue(acknowledged.containsAll(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L)), "acknowledged: " + acknowledged);
            assertFalse(acknowledged.contains(10L));
            int firstRun = InsiderStandIn.requests().size();
            InsiderStandIn.reset();
            InsiderStandIn.acceptAll();

            runSyncSuccessfully();

            List<String> resent = new ArrayList<>();
            InsiderStandIn.bodies().forEach(body -> resent.add(body.at("/users/0/identifiers/email").asText()));
            for (long batch : acknowledged) {
                assertFalse(resent.contains(String.format("user%05d@example.com", batch)), "acknowledged batch " + batch + " was sent again");
            }
            assertEquals(20 - acknowledged.size(), resent.size(), "first run: " + firstRun + " requests");
            assertEquals(1, TestState.checkpointVersion());
            assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(TestState.checkpoint().toFile()).path("window_in_progress").isMissingNode(),
                    "the finished window left its progress behind");
        }

        @Test
        void aRateLimitThatOutlastsItsWaitFailsTheRunWithTheReasonAndSetsNothingAside() throws Exception {
            table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
            InsiderStandIn.answer(aResponse().withStatus(429).withBody("{\"error\":\"rejected: too many requests\"}"));

            Exchange result = runSync();

            assertTrue(InsiderStandIn.requests().size() > 4, "the 429s used up insider.max-retries=3");
            assertNotNull(result.getException(), "a request Insider kept refusing to take was counted as handled");
            String reason = RunFailures.describe(result.getException());
            assertTrue(reason.contains("Insider answered HTTP 429 after"), reason);
            assertTrue(reason.contains("waited out for"), reason);
            assertTrue(TestState.deadLetters().isEmpty(), "an outage was dead-lettered");
        }
    }

    @org.junit.jupiter.api.Nested
    @CamelMainTest(properties = {"insider.batch-max-bytes=1000", "insider.concurrency=4"})
    class WithAUserSplitAcrossRequests {

        @Test
        void thePartsOfAUserAreNeverInFlightTogetherWhileOtherUsersGoInParallel() throws Exception {
            for (int line = 0; line < 15; line++) {
                table.purchase(1, String.format("big-%02d", line), "big@example.com", "ORDER-BIG", String.format("SKU-%02d", line), "USD", 1, "9.99");
            }
            table.manyProfiles(1, 30, "-with-a-longer-name-" + "x".repeat(20));
            InsiderStandIn.answer(aResponse().withStatus(200).withFixedDelay(200).withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}"));

            runSyncSuccessfully();

            var requests = InsiderStandIn.requests();
            var bodies = InsiderStandIn.bodies();
            List<Long> bigArrivals = new ArrayList<>();
            List<String> bigLines = new ArrayList<>();
            int mostAtOnce = 0;
            for (int i = 0; i < requests.size(); i++) {
                assertTrue(requests.get(i).getBody().length <= 1000);
                long start = requests.get(i).getLoggedDate().getTime();
                mostAtOnce = Math.max(mostAtOnce, (int) requests.stream().map(r -> r.getLoggedDate().getTime())
                        .filter(t -> t >= start && t < start + 200).count());
                for (JsonNode user : bodies.get(i).get("users")) {
                    if (user.at("/identifiers/email").asText().equals("big@example.com")) {
                        bigArrivals.add(start);
                        user.path("events").forEach(e -> bigLines.add(e.at("/event_params/product_id").asText()));
                    }
                }
            }
            assertTrue(bigArrivals.size() > 1, "the basket was not split");
            for (int i = 1; i < bigArrivals.size(); i++) {
                assertTrue(bigArrivals.get(i) - bigArrivals.get(i - 1) >= 200, "two parts of one user were in flight together");
            }
            List<String> expected = new ArrayList<>();
            for (int line = 0; line < 15; line++) {
                expected.add(String.format("SKU-%02d", line));
            }
            assertEquals(expected, bigLines, "the basket's lines arrived out of order or not all");
            assertTrue(mostAtOnce > 1 && mostAtOnce <= 4, "at most " + mostAtOnce + " requests in flight at once");
        }
    }

    @org.junit.jupiter.api.Nested
    // The limit counted over 3 s instead of a minute, so that the test does not wait a minute.
    @CamelMainTest(properties = {"insider.batch-max-users=1", "insider.max-requests-per-minute=2", "insider.throttle-period-ms=3000"})
    class WithALimitOfTwoRequestsAPeriod {

        @Test
        void theThirdRequestWaitsUntilAPeriodAfterTheFirst() throws Exception {
            table.manyProfiles(1, 3, "");

            runSyncSuccessfully();

            var requests = InsiderStandIn.requests().stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
            assertEquals(3, requests.size());
            assertTrue(requests.get(1) - requests.get(0) < 1_500, "the second request waited though the limit allowed it");
            long third = requests.get(2) - requests.get(0);
            assertTrue(third >= 2_000 && third < 30_000, "the third request came " + third + " ms after the first, not once the period had passed");
        }
    }

    @org.junit.jupiter.api.Nested
    @CamelMainTest(properties = "insider.batch-max-bytes=2000")
    class WithASmallByteLimit {

        @Test
        void noRequestBodyExceedsTheByteLimitAndEveryUserIsDelivered() throws Exception {
            table.manyProfiles(1, 60, "-with-a-longer-name-to-fill-bytes");

            runSyncSuccessfully();

            int users = 0;
            for (var request : InsiderStandIn.requests()) {
                assertTrue(request.getBody().length <= 2000, "a body of " + request.getBody().length + " bytes");
                users += InsiderStandIn.bodies().get(InsiderStandIn.requests().indexOf(request)).get("users").size();
            }
            assertEquals(60, users);
            // Senders run in parallel, so requests arrive in any order; only the last batch of the window may be short.
            List<Integer> sizes = InsiderStandIn.requests().stream().map(r -> r.getBody().length).sorted().toList();
            assertTrue(sizes.size() > 1);
            assertTrue(sizes.get(1) > 2000 - 150, "a batch other than the last was not filled up: " + sizes);
        }
    }

    @org.junit.jupiter.api.Nested
    @CamelMainTest(properties = "camel.component.http.response-timeout=300")
    class WithAShortResponseTimeout {

        @Test
        void aSlowAnswerIsRetriedAndTheRunFailsWhenItStaysSlow() throws Exception {
            table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
            InsiderStandIn.answer(aResponse().withStatus(200).withFixedDelay(1500).withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}"));

            Exchange result = runSync();

            assertEquals(4, InsiderStandIn.requests().size());
            assertNotNull(result.getException(), "the run did not fail");
            String reason = RunFailures.describe(result.getException());
            assertTrue(reason.contains("could not be reached after 4 attempts"), reason);
            assertTrue(TestState.deadLetters().isEmpty(), "an outage was dead-lettered");
        }
    }

    @org.junit.jupiter.api.Nested
    @CamelMainTest(properties = {"sync.scheduled=true", "sync.schedule=* * * * * ?"})
    class OnASchedule {

        @Test
        void theQuartzRouteRunsTheSyncOnTheCronSchedule() throws Exception {
            table.profile(7, "insert", "p-s", "scheduled@example.com", "Sam", null);

            Eventually.await("a scheduled run to sync version 7", Duration.ofSeconds(20), () -> TestState.checkpointVersion() == 7);

            assertNotNull(user("scheduled@example.com"));
        }
    }
}
