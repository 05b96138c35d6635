package io.insidersync.source;

/** A state file exists but cannot be trusted; the sync stops rather than silently starting from scratch. */
public class CorruptStateException extends RuntimeException {

    public CorruptStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
