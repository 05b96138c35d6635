package io.insidersync.insider;

import java.util.List;

import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Turns a request that could not be delivered (retries used up, or an answer that retrying cannot change) into one
 * dead-letter record holding the exact body, so nothing of it is lost.
 */
public final class RecordFailedRequest implements Processor {

    private static final int MAX_ANSWER_CHARS = 500;

    private final DeadLetterRecords records;

    public RecordFailedRequest(DeadLetterRecords records) {
        this.records = records;
    }

    @Override
    public void process(Exchange exchange) {
        UserBatch batch = exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class);
        DeliveryAttempt attempt = exchange.getProperty(SendAttempts.PROPERTY, DeliveryAttempt.class);
        String reason = reason(attempt);
        SyncRun.of(exchange).requestSent();
        exchange.getMessage().setBody(List.of(records.failedRequest(reason, batch.getCommitVersion(), batch.getUsers().size(),
                batch.getUsers().stream().flatMap(u -> u.sources().stream()).toList(), batch.getBody())));
    }

    /** Why a request was not delivered, after all its attempts. */
    static String reason(DeliveryAttempt attempt) {
        String reason = reason(attempt.lastFailure(), Math.max(1, attempt.attempts()));
        if (attempt.rateLimitedCount() > 0) {
            reason += " (" + attempt.rateLimitedCount() + " of the answers were HTTP 429, waited out for " + attempt.rateLimitedMillis() + " ms in all)";
        }
        return reason;
    }

    static String reason(Throwable failure, int attempts) {
        String tries = attempts == 1 ? "" : " after " + attempts + " attempts";
        if (failure instanceof HttpOperationFailedException http) {
            String answer = http.getResponseBody() == null ? "" : io.insidersync.config.Secrets.redact(http.getResponseBody()).strip();
            if (answer.length() > MAX_ANSWER_CHARS) {
                answer = answer.substring(0, MAX_ANSWER_CHARS) + "…";
            }
            return "Insider answered HTTP " + http.getStatusCode() + tries + (answer.isEmpty() ? "" : ": " + answer);
        }
        if (failure instanceof UnexpectedAnswerException unexpected) {
            return "Insider did not answer" + tries + ": " + unexpected.getMessage();
        }
        return "Insider could not be reached" + tries + ": " + (failure == null ? "unknown error" : failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : " " + failure.getMessage()));
    }
}
