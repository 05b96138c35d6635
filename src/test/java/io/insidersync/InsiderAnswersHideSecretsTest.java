package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.CommandLineRun;
import io.insidersync.support.EchoingInsider;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.JsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Insider's error texts (a 400's body, a 500's body, the fail messages of a 200) repeating the request token: the dead-letter
 * reasons and Insider's errors kept in the records, the retry log lines and the output show it masked.
 */
class InsiderAnswersHideSecretsTest {

    private static final String TOKEN = "ins-token-echoed-8d2f";

    @TempDir
    Path state;

    @Test
    void theTokenInInsidersAnswersIsMaskedInDeadLettersLogsAndOutput() throws Exception {
        EchoingInsider.changes(ChangeTable.empty());
        EchoingInsider.answerRepeating(TOKEN);
        Path config = state.resolve("sync.properties");
        Files.write(config, List.of("source.kind=jdbc", "source.jdbc-url=" + ChangeTable.URL, "sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id", "mapping.identifiers.email=email", "mapping.attributes.name=first_name",
                "insider.url=" + InsiderStandIn.url(), "insider.partner-name=echoes", "insider.request-token=" + TOKEN,
                "insider.batch-max-users=1",
                // One request at a time: the user Insider answers with 500 is followed by answered requests, so it is a bad
                // request of its own (dead-lettered), not an outage.
                "insider.concurrency=1", "insider.max-retries=1", "insider.retry-delay-ms=1", "insider.max-retry-delay-ms=1",
                "sync.state-dir=" + state.resolve("data"), "deadletter.dir=" + state.resolve("deadletter")));
        CommandLineRun cli = new CommandLineRun();
        int exit = cli.runKeepingLogs("--once", "--config", config.toString());
        String output = cli.output();
        String logged = cli.logs();
        Path deadLetterFile = state.resolve("deadletter/" + ChangeTable.NAME + ".jsonl");

        assertEquals(0, exit, output + logged);
        assertTrue(output.contains("rows read 5, users 1, events 0, requests 5, dead-lettered 4"), output);
        Map<String, String> reasons = JsonLines.read(deadLetterFile).stream()
                .collect(Collectors.toMap(EmailOf::record, record -> record.path("reason").asText() + " " + record.path("insider_errors"),
                        (a, b) -> a + b));
        assertEquals(Map.of(
                EchoingInsider.REFUSED_400, "Insider answered HTTP 400: {\"error\":\"X-REQUEST-TOKEN ****** may not write users\"} ",
                EchoingInsider.FAILING_500, "Insider answered HTTP 500 after 2 attempts: upstream failed for request token ****** ",
                EchoingInsider.REFUSED_IN_200, "Insider refused the user: users.0.email: token ****** may not change email "
                        + "{\"users.0.email\":[\"token ****** may not change email\"]}",
                EchoingInsider.UNPLACED_IN_200, "Insider answered with errors that name no user: token ******: is limited to other IP addresses "),
                reasons);
        assertTrue(logged.contains("Insider answered HTTP 500: upstream failed for request token ******"), "the retry was not logged: " + logged);
        assertFalse(output.contains(TOKEN), "the output shows the token: " + output);
        assertFalse(logged.contains(TOKEN), "the log shows the token: " + logged);
        assertFalse(Files.readString(deadLetterFile).contains(TOKEN), "a dead letter shows the token");
    }

    /** Which user a dead-letter record is about: the user it holds, or the one user of the request body it holds. */
    private static final class EmailOf {
        static String record(JsonNode record) {
            Function<JsonNode, String> email = user -> user.path("identifiers").path("email").asText();
            if (record.has("user")) {
                return email.apply(record.path("user"));
            }
            try {
                return email.apply(new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.path("body").asText()).path("users").path(0));
            } catch (java.io.IOException e) {
                throw new AssertionError("not a request body: " + record, e);
            }
        }
    }
}
