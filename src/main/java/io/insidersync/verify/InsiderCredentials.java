package io.insidersync.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks Insider's partner name and request token with a request that cannot change data: a lookup of one profile
 * ({@code POST /api/user/v1/profile}) by an identifier no integrator uses, with the headers the upserts carry. The JDK's
 * HTTP client verifies TLS certificates and follows no redirects.
 */
public final class InsiderCredentials {

    static final String NAME = "Insider credentials";
    /** A lookup of one attribute of a user nobody has: it reads, and stores nothing. */
    static final String BODY = "{\"identifiers\":{\"uuid\":\"databricks-insider-sync-verify\"},\"attributes\":[\"uuid\"]}";
    private static final String UPSERT_PATH_END = "/upsert";
    private static final int MAX_ANSWER_CHARS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI profileUrl;
    private final String partnerName;
    private final String requestToken;
    private final Duration connectTimeout;
    private final Duration responseTimeout;

    public InsiderCredentials(URI profileUrl, String partnerName, String requestToken, Duration connectTimeout, Duration responseTimeout) {
        this.profileUrl = profileUrl;
        this.partnerName = partnerName;
        this.requestToken = requestToken;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    /** The profile endpoint beside the upsert endpoint: {@code …/api/user/v1/upsert} → {@code …/api/user/v1/profile}. */
    public static Optional<String> profileUrl(String upsertUrl) {
        String url = upsertUrl.trim().replaceFirst("/+$", "");
        if (!url.endsWith(UPSERT_PATH_END)) {
            return Optional.empty();
        }
        return Optional.of(url.substring(0, url.length() - UPSERT_PATH_END.length()) + "/profile");
    }

    public CheckResult check() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        HttpRequest request = HttpRequest.newBuilder(profileUrl).timeout(responseTimeout)
                .header("Content-Type", "application/json")
                .header("X-PARTNER-NAME", partnerName)
                .header("X-REQUEST-TOKEN", requestToken)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return outcome(response.statusCode(), response.body());
        } catch (IOException e) {
            return CheckResult.fail(NAME, "could not reach Insider at " + profileUrl + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + hideToken(e.getMessage())) + "): check insider.url (or insider.profile-url) and that "
                    + "this machine can reach it (proxy, firewall)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(NAME, "interrupted while waiting for Insider at " + profileUrl);
        }
    }

    /**
     * What an answer says of the credentials: 2xx, or a 4xx other than 401, 403 and 429, means Insider took them (a lookup
     * it does not like is still a lookup it allowed); 401 or 403 means it refused them. Only Insider's JSON counts: the
     * same statuses with an HTML page or no body come from something else at that address (a proxy, a portal).
     */
    CheckResult outcome(int status, String body) {
        String request = "POST " + profileUrl + ": HTTP " + status;
        if (status >= 200 && status < 500 && status != 401 && status != 403 && status != 429 && !isJson(body)) {
            return CheckResult.fail(NAME, "the answer was not Insider's JSON (" + request + answer(body) + "): check insider.url (or "
                    + "insider.profile-url) and any proxy between this machine and Insider");
        }
        if (status == 401 || status == 403) {
            return CheckResult.fail(NAME, "Insider refused the credentials (" + request + "): check insider.partner-name (" + partnerName
                    + ") and insider.request-token (INSIDER_REQUEST_TOKEN), and, if the key is limited to listed IP addresses, that this machine's is one");
        }
        if (status == 429) {
            return CheckResult.fail(NAME, "Insider asked to slow down (" + request + "), so the credentials were not checked: try again in a minute");
        }
        if (status >= 200 && status < 300) {
            return CheckResult.pass(NAME, "Insider accepted partner " + partnerName + " and its request token (" + request + ")");
        }
        if (status >= 400 && status < 500) {
            return CheckResult.pass(NAME, "Insider accepted partner " + partnerName + " and its request token (" + request
                    + ", an answer to the test lookup itself" + answer(body) + ")");
        }
        return CheckResult.fail(NAME, "Insider could not answer (" + request + answer(body) + "), so the credentials were not checked: try again later");
    }

    private static boolean isJson(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && (node.isObject() || node.isArray());
        } catch (IOException e) {
            return false;
        }
    }

    /** A short, one-line excerpt of Insider's answer, for a message. */
    private String answer(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = hideToken(body).replaceAll("\\s+", " ").trim();
        return ": " + (line.length() > MAX_ANSWER_CHARS ? line.substring(0, MAX_ANSWER_CHARS) + "…" : line);
    }

    private String hideToken(String text) {
        return requestToken.isEmpty() ? text : text.replace(requestToken, "***");
    }
}
