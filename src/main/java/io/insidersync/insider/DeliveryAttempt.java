package io.insidersync.insider;

/** Where the delivery of one request stands, across its attempts. Lives on the exchange while the request is sent. */
public final class DeliveryAttempt {

    /** What became of the request. */
    public enum Outcome {
        /** Not settled yet: another attempt follows. */
        PENDING,
        /** Insider answered 2xx. */
        DELIVERED,
        /** Insider found the body too large: the users go again in two smaller requests. */
        TOO_LARGE,
        /** Insider refused the request itself (HTTP 400): it goes to the dead letter, and Insider is known to be up. */
        REFUSED,
        /**
         * Insider did not answer it, after every retry (unreachable, 5xx, timeouts, an answer that is not Insider's, 429s
         * past their wait): an outage unless a later request is answered (see {@link UnansweredRequests}).
         */
        UNANSWERED
    }

    private Outcome outcome = Outcome.PENDING;
    private int attempts;
    private int retries;
    private int rateLimited;
    private long rateLimitedMillis;
    private Throwable lastFailure;

    public boolean isAgain() {
        return outcome == Outcome.PENDING;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    /** Whether Insider answered the request (delivered it, refused it, or found it too large): it is up. */
    public boolean isAnswered() {
        return outcome == Outcome.DELIVERED || outcome == Outcome.REFUSED || outcome == Outcome.TOO_LARGE;
    }

    void settle(Outcome settled, Throwable failure) {
        this.outcome = settled;
        this.lastFailure = failure;
    }

    void attempted() {
        attempts++;
    }

    void retried() {
        retries++;
    }

    void rateLimited(long waitedMillis) {
        rateLimited++;
        rateLimitedMillis += waitedMillis;
    }

    /** Every request sent for this batch, 429s included. */
    public int attempts() {
        return attempts;
    }

    /** Retries after 5xx, timeouts and cut connections: these use up insider.max-retries. */
    public int retries() {
        return retries;
    }

    /** How many 429 answers were waited out (not counted against insider.max-retries). */
    public int rateLimitedCount() {
        return rateLimited;
    }

    public long rateLimitedMillis() {
        return rateLimitedMillis;
    }

    public Throwable lastFailure() {
        return lastFailure;
    }
}
