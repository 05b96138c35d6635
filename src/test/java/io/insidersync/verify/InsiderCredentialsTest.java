package io.insidersync.verify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.verify.CheckResult.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Insider's credentials checked with a profile lookup: where it goes, what it sends, and what each answer means. */
class InsiderCredentialsTest {

    private static final String TOKEN = "unit-secret-token";

    @BeforeEach
    void resetInsider() {
        InsiderStandIn.reset();
    }

    private static InsiderCredentials credentials(String url) {
        return new InsiderCredentials(URI.create(url), "mybrand", TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static InsiderCredentials standIn() {
        return credentials(InsiderCredentials.profileUrl(InsiderStandIn.url()).orElseThrow());
    }

    @Test
    void theProfileEndpointStandsBesideTheUpsertEndpoint() {
        assertEquals(Optional.of("https://unification.useinsider.com/api/user/v1/profile"),
                InsiderCredentials.profileUrl("https://unification.useinsider.com/api/user/v1/upsert"));
        assertEquals(Optional.of("https://proxy.example.com/insider/api/user/v1/profile"),
                InsiderCredentials.profileUrl(" https://proxy.example.com/insider/api/user/v1/upsert/ "));
        assertEquals(Optional.empty(), InsiderCredentials.profileUrl("https://proxy.example.com/insider-upsert"));
        assertEquals(Optional.empty(), InsiderCredentials.profileUrl("https://example.com/upsert?x=1"));
    }

    @ParameterizedTest(name = "HTTP {0} with {1}")
    @CsvSource(delimiter = '|', value = {"200|<html><body>Please sign in to the Wi-Fi</body></html>", "200|''", "404|<html>Not Found</html>",
            "200|{\"data\":{\"successful\""})
    void anAnswerThatIsNotInsidersJsonFailsNamingInsiderUrl(int status, String body) {
        CheckResult result = credentials("https://insider.example.com/api/user/v1/profile").outcome(status, body);

        assertEquals(Status.FAIL, result.status(), result.line());
        assertTrue(result.line().contains("insider.url"), result.line());
        assertTrue(result.line().contains("not Insider's JSON"), result.line());
    }

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({"200, PASS", "204, PASS", "400, PASS", "404, PASS", "422, PASS", "401, FAIL", "403, FAIL", "429, FAIL", "301, FAIL", "500, FAIL",
            "503, FAIL"})
    void eachAnswerSaysWhetherTheCredentialsWereTaken(int status, Status expected) {
        CheckResult result = credentials("https://insider.example.com/api/user/v1/profile").outcome(status, "{\"error\":\"something\"}");

        assertEquals(expected, result.status(), result.line());
        assertEquals("Insider credentials", result.name());
        assertTrue(result.reason().contains("HTTP " + status), result.reason());
    }

    @Test
    void aRefusalNamesTheSettingsToCheck() {
        CheckResult result = credentials("https://insider.example.com/api/user/v1/profile").outcome(403, "{\"error\":\"forbidden\"}");

        assertTrue(result.reason().startsWith("Insider refused the credentials (POST https://insider.example.com/api/user/v1/profile: HTTP 403)"),
                result.reason());
        assertTrue(result.reason().contains("insider.partner-name (mybrand)") && result.reason().contains("INSIDER_REQUEST_TOKEN"), result.reason());
    }

    @Test
    void theTokenIsNeverRepeatedEvenWhenAnAnswerEchoesIt() {
        CheckResult result = credentials("https://insider.example.com/api/user/v1/profile").outcome(500, "token " + TOKEN + " broke\n" + "x".repeat(500));

        assertFalse(result.line().contains(TOKEN), result.line());
        assertTrue(result.line().length() < 500, "the whole answer was printed");
        assertFalse(result.line().contains("\n"));
    }

    @Test
    void theLookupCarriesTheUpsertsHeadersAndAsksForOneAttributeOfNobody() throws Exception {
        InsiderStandIn.profileAcceptsToken(TOKEN);

        CheckResult result = standIn().check();

        assertEquals(Status.PASS, result.status(), result.line());
        LoggedRequest request = InsiderStandIn.profileRequests().get(0);
        assertEquals("mybrand", request.getHeader("X-PARTNER-NAME"));
        assertEquals(TOKEN, request.getHeader("X-REQUEST-TOKEN"));
        assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(request.getBodyAsString());
        assertEquals("databricks-insider-sync-verify", body.path("identifiers").path("uuid").asText());
        assertEquals("[\"uuid\"]", body.path("attributes").toString());
        assertFalse(body.has("users") || body.has("events"), "the lookup carries something that could be stored");
        assertTrue(InsiderStandIn.requests().isEmpty(), "an upsert was sent");
    }

    @Test
    void aTokenInsiderDoesNotKnowFails() {
        InsiderStandIn.profileAcceptsToken("another-token");

        CheckResult result = standIn().check();

        assertEquals(Status.FAIL, result.status());
        assertTrue(result.reason().contains("HTTP 403"), result.reason());
    }

    @Test
    void aLookupInsiderDoesNotLikeStillShowsTheCredentialsWereTaken() {
        InsiderStandIn.answerProfile(aResponse().withStatus(404).withBody("{\"error\":\"user not found\"}"));

        CheckResult result = standIn().check();

        assertEquals(Status.PASS, result.status(), result.line());
        assertTrue(result.reason().contains("HTTP 404") && result.reason().contains("user not found"), result.reason());
    }

    @Test
    void anInsiderThatCannotBeReachedFailsWithTheReason() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        CheckResult result = credentials("http://127.0.0.1:" + port + "/api/user/v1/profile").check();

        assertEquals(Status.FAIL, result.status());
        assertTrue(result.reason().startsWith("could not reach Insider at http://127.0.0.1:" + port + "/api/user/v1/profile (ConnectException"),
                result.reason());
        assertTrue(result.reason().contains("insider.url"), result.reason());
    }
}
