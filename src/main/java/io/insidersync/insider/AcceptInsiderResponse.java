package io.insidersync.insider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.deadletter.Stage;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Acts on Insider's answer to a request it accepted (HTTP 2xx with Insider's JSON, read by {@link InsiderAnswer}). A
 * {@code fail.errors} key starting with {@code users.<i>} names the user it refused: exactly those users become
 * dead-letter records (the new body), with Insider's messages; every other user counts as delivered.
 */
public final class AcceptInsiderResponse implements Processor {

    private final DeadLetterRecords records;

    public AcceptInsiderResponse(DeadLetterRecords records) {
        this.records = records;
    }

    @Override
    public void process(Exchange exchange) {
        UserBatch batch = exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class);
        InsiderAnswer answer = exchange.getProperty(SendAttempts.ANSWER, InsiderAnswer.class);
        SyncRun run = SyncRun.of(exchange);
        run.requestSent();

        List<DeadLetterRecord> rejected = new ArrayList<>();
        if (!answer.unplaced().isEmpty()) {
            // Insider refused something it did not tie to a user: keep every user of the request rather than guess.
            String reason = "Insider answered with errors that name no user: " + String.join("; ", answer.unplaced());
            for (UserBatch.BatchUser user : batch.getUsers()) {
                rejected.add(records.rejectedUser(Stage.INSIDER_REJECTED, reason, user.sources(), user.json(), null));
            }
        } else {
            int events = 0;
            for (int i = 0; i < batch.getUsers().size(); i++) {
                UserBatch.BatchUser user = batch.getUsers().get(i);
                Map<String, List<String>> errors = answer.failures().get(i);
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
