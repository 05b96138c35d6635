package io.insidersync.insider;

/**
 * Insider did not answer the run's last requests: it is down, or out of reach (a wrong insider.url, a proxy, the
 * network). The run fails instead of dead-lettering what it could not deliver, so the next run sends it.
 */
public final class InsiderOutageException extends RuntimeException {

    InsiderOutageException(String message) {
        super(message);
    }

    /** {@code count} requests in a row ended unanswered, the last one for {@code lastReason}. */
    static InsiderOutageException inARow(int count, String lastReason) {
        return new InsiderOutageException("Insider did not answer " + count + (count == 1 ? " request" : " requests in a row")
                + " (the last: " + lastReason + ")" + CONSEQUENCE);
    }

    /** The run ended with requests unanswered and no answer after them. */
    static InsiderOutageException atTheEnd(int count, String lastReason) {
        return new InsiderOutageException("Insider did not answer the run's last " + (count == 1 ? "request" : count + " requests")
                + ", and answered nothing after " + (count == 1 ? "it" : "them") + " (the last: " + lastReason + ")" + CONSEQUENCE);
    }

    private static final String CONSEQUENCE = ". Nothing more was sent, nothing of it was dead-lettered and the checkpoint did not move: "
            + "the next run sends it. Check that Insider is up, insider.url, and that this machine can reach it (proxy, firewall, DNS).";
}
