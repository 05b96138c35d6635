package io.insidersync.source;

/** The source could not be read: unreachable, refused the credentials, or the table is not what the sync needs. */
public class SourceException extends RuntimeException {

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
