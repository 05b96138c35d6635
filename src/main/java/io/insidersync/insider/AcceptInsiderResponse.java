package io.insidersync.insider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.deadletter.Stage;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Insider's answer to a request it accepted (HTTP 2xx). A {@code fail.errors} key starting with
 * {@code users.<i>} names the user it refused: exactly those users become dead-letter records (the new body), with
 * Insider's messages; every other user counts as delivered.
 */
public final class AcceptInsiderResponse implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptInsiderResponse.class);
    private static final Pattern USER_INDEX = Pattern.compile("^users\\.(\\d+)(\\..*)?$");

    private final ObjectMapper json;
    private final DeadLetterRecords records;

    public AcceptInsiderResponse(ObjectMapper json, DeadLetterRecords records) {
        this.json = json;
        this.records = records;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        UserBatch batch = exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class);
        SyncRun run = SyncRun.of(exchange);
        run.requestSent();
        String answer = exchange.getMessage().getBody(String.class);
        Map<Integer, Map<String, List<String>>> failures = new TreeMap<>();
        List<String> unplaced = new ArrayList<>();
        readFailures(answer, batch.getUsers().size(), failures, unplaced);

        List<DeadLetterRecord> rejected = new ArrayList<>();
        if (!unplaced.isEmpty()) {
            // Insider refused something it did not tie to a user: keep every user of the request rather than guess.
            String reason = "Insider answered with errors that name no user: " + String.join("; ", unplaced);
            for (UserBatch.BatchUser user : batch.getUsers()) {
                rejected.add(records.rejectedUser(Stage.INSIDER_REJECTED, reason, user.sources(), user.json(), null));
            }
        } else {
            int events = 0;
            for (int i = 0; i < batch.getUsers().size(); i++) {
                UserBatch.BatchUser user = batch.getUsers().get(i);
                Map<String, List<String>> errors = failures.get(i);
                if (errors == null) {
                    events += user.eventCount();
                } else {
                    rejected.add(records.rejectedUser(Stage.INSIDER_REJECTED, "Insider refused the user: " + describe(errors),
                            user.sources(), user.json(), errors));
                }
            }
            run.delivered(batch.getUsers().size() - rejected.size(), events);
        }
        exchange.getMessage().setBody(rejected);
    }

    private void readFailures(String answer, int userCount, Map<Integer, Map<String, List<String>>> failures, List<String> unplaced) {
        JsonNode errors;
        try {
            errors = answer == null || answer.isBlank() ? null : io.insidersync.config.Secrets.redact(json.readTree(answer).path("data").path("fail").path("errors"));
        } catch (IOException e) {
            LOG.warn("Insider accepted a request but its answer is not JSON; counting its users as delivered");
            return;
        }
        if (errors == null || !errors.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = errors.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<String> messages = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(message -> messages.add(message.asText()));
            } else {
                messages.add(field.getValue().asText());
            }
            Matcher matcher = USER_INDEX.matcher(field.getKey());
            int index = matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
            if (index >= 0 && index < userCount) {
                failures.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(field.getKey(), messages);
            } else {
                unplaced.add(field.getKey() + ": " + String.join(", ", messages));
            }
        }
    }

    private static String describe(Map<String, List<String>> errors) {
        List<String> parts = new ArrayList<>();
        errors.forEach((field, messages) -> parts.add(field + ": " + String.join(", ", messages)));
        String reason = String.join("; ", parts);
        if (errors.keySet().stream().anyMatch(field -> field.contains(".custom."))) {
            // The usual cause: a custom attribute or parameter that does not exist in Insider yet.
            reason += " (Insider takes a custom attribute or event parameter only once it is defined in its panel, "
                    + "under Events & Attributes; this record keeps the user to send again once it is)";
        }
        return reason;
    }
}
