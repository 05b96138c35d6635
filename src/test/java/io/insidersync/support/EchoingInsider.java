package io.insidersync.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.sql.SQLException;

/**
 * The stand-in Insider answering with its error text repeating the request token, as a careless proxy or server may:
 * one user per request (insider.batch-max-users=1), each user of the change table getting its own answer.
 */
public final class EchoingInsider {

    /** The users of {@link #changes}, by the answer they get. */
    public static final String REFUSED_400 = "a@example.com";
    public static final String FAILING_500 = "b@example.com";
    public static final String REFUSED_IN_200 = "c@example.com";
    public static final String UNPLACED_IN_200 = "d@example.com";
    public static final String ACCEPTED = "e@example.com";

    private EchoingInsider() {
    }

    /** One row per user above, at version 1. */
    public static void changes(ChangeTable table) throws SQLException {
        for (String email : new String[] {REFUSED_400, FAILING_500, REFUSED_IN_200, UNPLACED_IN_200, ACCEPTED}) {
            table.profile(1, "insert", "p-" + email.charAt(0), email, "Name " + email.charAt(0), null);
        }
    }

    /** Every answer but the last user's repeats the token: 400, 500 (every time), and 200s whose fail errors name it. */
    public static void answerRepeating(String token) {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        stub(REFUSED_400, 400, "{\"error\":\"X-REQUEST-TOKEN " + token + " may not write users\"}");
        stub(FAILING_500, 500, "upstream failed for request token " + token);
        stub(REFUSED_IN_200, 200, "{\"data\":{\"successful\":{\"count\":0},\"fail\":{\"count\":1,\"errors\":{\"users.0.email\":"
                + "[\"token " + token + " may not change email\"]}}}}");
        stub(UNPLACED_IN_200, 200, "{\"data\":{\"successful\":{\"count\":0},\"fail\":{\"count\":1,\"errors\":{\"token " + token + "\":"
                + "[\"is limited to other IP addresses\"]}}}}");
    }

    private static void stub(String email, int status, String body) {
        InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).atPriority(1).withRequestBody(containing(email))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }
}
