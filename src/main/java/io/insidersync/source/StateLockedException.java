package io.insidersync.source;

import java.util.Optional;

/** Another process holds a sync's state (see {@link StateLock}): this one must not read or write it. */
public class StateLockedException extends RuntimeException {

    public StateLockedException(String message) {
        super(message);
    }

    /** The lock failure behind a failed start, if that is what it was. */
    public static Optional<StateLockedException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StateLockedException locked) {
                return Optional.of(locked);
            }
        }
        return Optional.empty();
    }
}
