package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Only Insider's answer counts as delivery, and an Insider that does not answer fails the run instead of filling the
 * dead letter: the real routes against the stand-in on 127.0.0.1 answering with HTML, empty and cut-off bodies, 5xx,
 * cut and refused connections, TLS it cannot verify, and an answer that trickles in.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class InsiderAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPTED = "{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}";

    static {
        // Both publish what the test settings name (the stand-in's ports, the state folder) before Camel reads them.
        InsiderStandIn.server();
        TestState.dir();
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

    /** Runs the sync, which must fail as an outage: nothing dead-lettered, the checkpoint unmoved. */
    private String runFailingAsAnOutage() throws Exception {
        Exchange result = runSync();
        assertNotNull(result.getException(), "the run did not fail");
        String message = RunFailures.describe(result.getException());
        assertTrue(message.contains("insider.url"), message);
        assertTrue(message.contains("nothing of it was dead-lettered"), message);
        assertEquals(List.of(), TestState.deadLetters(), "an outage was dead-lettered");
        assertTrue(!Files.exists(TestState.checkpoint()) || JSON.readTree(TestState.checkpoint().toFile()).path("version").isNull(),
                "the checkpoint moved");
        return message;
    }

    private static ResponseDefinitionBuilder ok(String contentType, String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body);
    }

    private static List<String> emailsReceived() {
        List<String> emails = new ArrayList<>();
        InsiderStandIn.bodies().forEach(body -> body.get("users").forEach(user -> emails.add(user.at("/identifiers/email").asText())));
        return emails;
    }

    @Test
    void anHtmlPageWithStatus200IsNotDeliveryAndFailsTheRunNamingInsiderUrl() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(ok("text/html", "<html><body>Welcome to the hotel Wi-Fi: please sign in</body></html>"));

        String message = runFailingAsAnOutage();

        assertEquals(4, InsiderStandIn.requests().size(), "an answer that is not Insider's is retried (insider.max-retries=3)");
        assertTrue(message.contains("an HTML page"), message);
    }

    @Test
    void anEmptyBodyACutOffAnswerAndJsonWithoutInsidersDataAreNotDelivery() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        for (String body : List.of("", "{\"data\":{\"successful\":{\"count\":1},\"fail\":{\"count\":1,\"errors\":{\"users.0.", "{}",
                "{\"status\":\"ok\"}")) {
            InsiderStandIn.reset();
            InsiderStandIn.answer(ok("application/json", body));

            String message = runFailingAsAnOutage();

            assertEquals(4, InsiderStandIn.requests().size(), "body " + body);
            assertTrue(message.contains("not Insider's JSON answer"), message);
        }
    }

    @Test
    void insidersAnswerAfterAPageThatIsNotIsDelivery() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.firstThenAccept(ok("text/html", "<html>proxy error</html>"));

        Exchange result = runSync();

        assertNull(result.getException(), () -> "the run failed: " + result.getException());
        assertEquals(2, InsiderStandIn.requests().size(), result.getMessage().getBody(String.class));
        assertEquals(1, TestState.checkpointVersion());
        assertEquals(List.of(), TestState.deadLetters());
    }

    @Test
    void serverErrorsAndCutConnectionsFailTheRunAndTheNextRunSendsTheUsers() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(aResponse().withStatus(503).withBody("upstream unavailable"));

        String message = runFailingAsAnOutage();

        assertEquals(4, InsiderStandIn.requests().size(), "one attempt and insider.max-retries=3 retries");
        assertTrue(message.contains("HTTP 503 after 4 attempts"), message);

        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        message = runFailingAsAnOutage();
        assertTrue(message.contains("could not be reached after 4 attempts"), message);

        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        assertNull(runSync().getException());
        assertEquals(List.of("a@example.com"), emailsReceived());
        assertEquals(1, TestState.checkpointVersion());
    }

    @Test
    void aBadRequestIsStillDeadLetteredAndTheRunSucceeds() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(aResponse().withStatus(400).withBody("{\"error\":\"users must be defined: bad request\"}"));

        assertNull(runSync().getException());

        assertEquals(1, InsiderStandIn.requests().size());
        assertEquals("delivery-failed", TestState.deadLetters().get(0).path("stage").asText());
        assertEquals(1, TestState.checkpointVersion());
    }

    @Nested
    @CamelMainTest(properties = {"insider.batch-max-users=1", "insider.concurrency=2"})
    class WithOneUserPerRequest {

        @Test
        void anOutageStopsAdmittingBatchesAndTheNextRunSendsEachUserOnce() throws Exception {
            table.manyProfiles(1, 30, "");
            InsiderStandIn.answer(aResponse().withStatus(503).withBody("upstream unavailable"));

            runFailingAsAnOutage();

            // Three requests in a row went unanswered (insider.outage-after-failed-requests): nothing was admitted after
            // the third; at most the two senders' requests were under way then.
            int attempts = InsiderStandIn.requests().size();
            assertTrue(attempts <= 5 * 4, attempts + " requests: batches were admitted after the outage");
            InsiderStandIn.reset();
            InsiderStandIn.acceptAll();

            assertNull(runSync().getException());

            List<String> emails = emailsReceived();
            assertEquals(30, emails.size(), "every user once: " + emails);
            assertEquals(30, emails.stream().distinct().count(), "a user was sent twice: " + emails);
            assertEquals(1, TestState.checkpointVersion());
        }

        @Test
        void aSingleRequestThatFailsAmongAnsweredOnesIsDeadLetteredAndTheRunGoesOn() throws Exception {
            // Enough users after the bad one, each answered after 100 ms, that requests are still answered after its
            // retries (a few tens of ms apart) are used up.
            table.manyProfiles(1, 30, "");
            InsiderStandIn.answer(ok("application/json", ACCEPTED).withFixedDelay(100));
            InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).withRequestBody(containing("user00002@")).atPriority(1)
                    .willReturn(aResponse().withStatus(503).withBody("this one never goes")));

            Exchange result = runSync();

            assertNull(result.getException(), () -> "the run failed: " + result.getException());
            List<JsonNode> dead = TestState.deadLetters();
            assertEquals(1, dead.size(), "dead letters: " + dead);
            assertEquals("delivery-failed", dead.get(0).path("stage").asText());
            assertTrue(dead.get(0).path("body").asText().contains("user00002@"), dead.get(0).toString());
            assertTrue(dead.get(0).path("reason").asText().contains("HTTP 503 after 4 attempts"), dead.get(0).toString());
            assertEquals(1, TestState.checkpointVersion());
        }

        @Test
        void aRunWhoseLastRequestsFailedEndedInAnOutageAndTheNextSendsOnlyThem() throws Exception {
            table.manyProfiles(1, 6, "");
            InsiderStandIn.acceptAll();
            InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).withRequestBody(containing("user00005@")).atPriority(1)
                    .willReturn(aResponse().withStatus(503).withBody("down from here")));

            runFailingAsAnOutage();
            InsiderStandIn.reset();
            InsiderStandIn.acceptAll();

            assertNull(runSync().getException());

            assertEquals(List.of("user00005@example.com"), emailsReceived(), "the acknowledged batches were sent again");
            assertEquals(1, TestState.checkpointVersion());
        }
    }

    @Nested
    @CamelMainTest(properties = {"insider.batch-max-users=1", "insider.concurrency=1", "insider.outage-after-failed-requests=1"})
    class WithAnOutageAtTheFirstFailedRequest {

        @Test
        void oneUnansweredRequestIsAnOutage() throws Exception {
            table.manyProfiles(1, 6, "");
            InsiderStandIn.acceptAll();
            InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).withRequestBody(containing("user00002@")).atPriority(1)
                    .willReturn(aResponse().withStatus(503).withBody("this one never goes")));

            String message = runFailingAsAnOutage();

            assertTrue(message.contains("did not answer 1 request"), message);
            assertFalse(emailsReceived().contains("user00005@example.com"), "batches were admitted after the outage");
        }
    }

    @Nested
    @CamelMainTest(properties = "insider.url=http://127.0.0.1:1/api/user/v1/upsert")
    class WithNothingListening {

        @Test
        void aRefusedConnectionFailsTheRun() throws Exception {
            table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);

            String message = runFailingAsAnOutage();

            assertTrue(message.contains("could not be reached after 4 attempts"), message);
        }
    }

    @Nested
    @CamelMainTest(properties = "insider.url=https://127.0.0.1:{{sys:test.insider.https-port}}/api/user/v1/upsert")
    class WithACertificateThatDoesNotVerify {

        @Test
        void aTlsFailureFailsTheRunAndNothingIsSent() throws Exception {
            table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);

            String message = runFailingAsAnOutage();

            assertTrue(message.contains("SSL") || message.contains("certificat"), message);
            assertEquals(0, InsiderStandIn.requests().size(), "a request got through TLS that could not be verified");
        }
    }

    @Nested
    @CamelMainTest(properties = "insider.request-timeout-ms=300")
    class WithAShortRequestDeadline {

        @Test
        void anAnswerThatTricklesInIsCutOffAtTheDeadline() throws Exception {
            table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
            // Headers at once, then the body a few bytes at a time over 3 s: no pause is long enough for the response timeout.
            InsiderStandIn.answer(ok("application/json", ACCEPTED).withChunkedDribbleDelay(ACCEPTED.length(), 3000));

            String message = runFailingAsAnOutage();

            assertEquals(4, InsiderStandIn.requests().size());
            assertTrue(message.contains("no complete answer within 300 ms (insider.request-timeout-ms)"), message);
        }

        @Test
        void aPromptAnswerIsDeliveredAsBefore() throws Exception {
            table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);

            assertNull(runSync().getException());

            assertEquals(1, InsiderStandIn.requests().size());
            assertEquals(1, TestState.checkpointVersion());
            assertFalse(Files.exists(TestState.dir().resolve("deadletter")), "something was dead-lettered");
            assertTrue(JSON.readTree(TestState.checkpoint().toFile()).path("window_in_progress").isMissingNode());
        }
    }
}
