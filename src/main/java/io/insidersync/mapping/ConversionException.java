package io.insidersync.mapping;

/** A value cannot become the Insider type its field takes; the message says why, without the column (the caller adds it). */
public class ConversionException extends Exception {

    public ConversionException(String message) {
        super(message);
    }
}
