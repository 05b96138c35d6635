package io.insidersync.insider;

/**
 * A 2xx answer that is not Insider's: nothing says the request was stored, so the attempt failed and is made again.
 * A checked exception of its own, so the send route catches it beside the HTTP and I/O failures.
 */
public final class UnexpectedAnswerException extends Exception {

    public UnexpectedAnswerException(String message) {
        super(message);
    }
}
