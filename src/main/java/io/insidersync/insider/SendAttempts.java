package io.insidersync.insider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.run.SyncMetrics;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry policy of one request, as steps of the send-batch route's loop:
 * <ul>
 *   <li>a 2xx is delivery only when it is Insider's JSON answer ({@link InsiderAnswer}); any other is a failed attempt;</li>
 *   <li>429: wait as {@code Retry-After} says (up to 15 minutes), or back off exponentially with jitter; this does not
 *   use up {@code insider.max-retries}, but the total wait for one request is capped by
 *   {@code insider.max-rate-limit-wait-ms};</li>
 *   <li>5xx, 408, timeouts, cut connections, answers that are not Insider's: {@code insider.max-retries} retries with
 *   exponential backoff and jitter;</li>
 *   <li>401/403: the run stops at once;</li>
 *   <li>a body Insider finds too large: the users go again in two smaller requests;</li>
 *   <li>400: Insider refused the request: it goes to the dead letter;</li>
 *   <li>anything else, or the budget used up: the request is unanswered, which is an outage unless a later request is
 *   answered ({@link InFlightRequests#awaitVerdict}).</li>
 * </ul>
 */
public final class SendAttempts {

    /** The exchange property holding the {@link DeliveryAttempt} of the request being sent. */
    public static final String PROPERTY = "delivery";
    /** The exchange property holding Insider's {@link InsiderAnswer} to a delivered request. */
    public static final String ANSWER = "insiderAnswer";

    private static final Logger LOG = LoggerFactory.getLogger(SendAttempts.class);
    /** A Retry-After beyond this is taken for a mistake rather than waited out. */
    private static final long MAX_RETRY_AFTER_MILLIS = Duration.ofMinutes(15).toMillis();

    private final DeliveryFailures failures = new DeliveryFailures();
    private final ObjectMapper json = new ObjectMapper();
    private final String url;
    private final int maxRetries;
    private final long retryDelayMillis;
    private final long maxRetryDelayMillis;
    private final long maxRateLimitWaitMillis;

    /** @param url insider.url, named when an answer is not Insider's */
    public SendAttempts(String url, int maxRetries, long retryDelayMillis, long maxRetryDelayMillis, long maxRateLimitWaitMillis) {
        this.url = url;
        this.maxRetries = maxRetries;
        this.retryDelayMillis = retryDelayMillis;
        this.maxRetryDelayMillis = maxRetryDelayMillis;
        this.maxRateLimitWaitMillis = maxRateLimitWaitMillis;
    }

    /** Before the first attempt at a request. */
    public void start(Exchange exchange) {
        exchange.setProperty(PROPERTY, new DeliveryAttempt());
    }

    /** Before every attempt: a run another sender stopped sends nothing more. */
    public void beforeAttempt(Exchange exchange) {
        SyncRun.of(exchange).inFlight().throwIfStopped();
        attempt(exchange).attempted();
    }

    /**
     * After a 2xx: delivered, when the answer is Insider's; otherwise this throws {@link UnexpectedAnswerException} and
     * the attempt counts as failed.
     */
    public void succeeded(Exchange exchange) throws UnexpectedAnswerException {
        UserBatch batch = exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class);
        InsiderAnswer answer = InsiderAnswer.read(json, exchange.getMessage().getBody(String.class), batch.getUsers().size(), url);
        exchange.setProperty(ANSWER, answer);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        SyncRun run = SyncRun.of(exchange);
        run.metrics().request(status == null ? "200" : String.valueOf(status));
        attempt(exchange).settle(DeliveryAttempt.Outcome.DELIVERED, null);
        run.inFlight().answered();
    }

    /**
     * After a request went unanswered: waits until it is known whether Insider is up (a later request was answered: this
     * one goes to the dead letter) or out of reach (this throws, and the run stops without dead-lettering it).
     */
    public void awaitVerdict(Exchange exchange) throws InterruptedException {
        DeliveryAttempt attempt = attempt(exchange);
        UserBatch batch = exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class);
        String reason = RecordFailedRequest.reason(attempt);
        LOG.warn("Batch {} went unanswered ({}): it is set aside only if a later request is answered", batch.getSequence(), reason);
        SyncRun.of(exchange).inFlight().awaitVerdict(batch, reason);
    }

    /** After a failed attempt: waits before the next one, or settles the request, or stops the run. */
    public void failed(Exchange exchange) throws InterruptedException {
        DeliveryAttempt attempt = attempt(exchange);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        UserBatch batch = exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class);
        SyncMetrics metrics = SyncRun.of(exchange).metrics();
        String outcome = failures.outcome(failure);
        metrics.request(outcome);
        if (failures.credentialsRefused(failure)) {
            SyncRun.of(exchange).inFlight().stop(failure);
            SyncRun.of(exchange).inFlight().throwIfStopped();
        }
        if (failures.rateLimited(failure)) {
            Long retryAfter = retryAfterMillis(failure);
            long delay = retryAfter != null ? Math.min(retryAfter, MAX_RETRY_AFTER_MILLIS) : backoff(attempt.rateLimitedCount());
            if (attempt.rateLimitedMillis() + delay > maxRateLimitWaitMillis) {
                attempt.settle(DeliveryAttempt.Outcome.UNANSWERED, failure);
                return;
            }
            LOG.warn("Insider's rate limit (HTTP 429) for batch {}: waiting {} ms ({}) before sending it again", batch.getSequence(), delay,
                    retryAfter != null ? "as Retry-After says" : "backing off");
            attempt.rateLimited(delay);
            metrics.retry(outcome);
            SyncRun.of(exchange).inFlight().pause(delay);
            return;
        }
        if (failures.bodyTooLarge(failure) && batch.getUsers().size() > 1) {
            LOG.warn("Insider found the body of batch {} too large ({} users): sending them again in two requests",
                    batch.getSequence(), batch.getUsers().size());
            attempt.settle(DeliveryAttempt.Outcome.TOO_LARGE, failure);
            SyncRun.of(exchange).inFlight().answered();
            return;
        }
        if (failures.refused(failure)) {
            attempt.settle(DeliveryAttempt.Outcome.REFUSED, failure);
            SyncRun.of(exchange).inFlight().answered();
            return;
        }
        if (failures.retryable(failure) && attempt.retries() < maxRetries) {
            long delay = backoff(attempt.retries());
            LOG.warn("Sending batch {} failed ({}): attempt {} of {} in {} ms", batch.getSequence(), RecordFailedRequest.reason(failure, 1),
                    attempt.retries() + 2, maxRetries + 1, delay);
            attempt.retried();
            metrics.retry(outcome);
            SyncRun.of(exchange).inFlight().pause(delay);
            return;
        }
        attempt.settle(DeliveryAttempt.Outcome.UNANSWERED, failure);
    }

    /** Exponential backoff with jitter: half the delay fixed, half random, so senders do not retry in step. */
    long backoff(int previousAttempts) {
        double exponential = retryDelayMillis * Math.pow(2, Math.min(previousAttempts, 30));
        long delay = (long) Math.min(exponential, maxRetryDelayMillis);
        return delay / 2 + (delay > 1 ? ThreadLocalRandom.current().nextLong(delay - delay / 2 + 1) : delay);
    }

    private static DeliveryAttempt attempt(Exchange exchange) {
        DeliveryAttempt attempt = exchange.getProperty(PROPERTY, DeliveryAttempt.class);
        if (attempt == null) {
            throw new IllegalStateException("no delivery attempt on this exchange: the route must start one first");
        }
        return attempt;
    }

    private static Long retryAfterMillis(Throwable failure) {
        HttpOperationFailedException http = DeliveryFailures.http(failure);
        return http == null || http.getResponseHeaders() == null ? null : delayMillis(http.getResponseHeaders());
    }

    static Long delayMillis(Map<String, String> headers) {
        String value = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Retry-After"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(Instant.now(), at.toInstant()).toMillis());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
