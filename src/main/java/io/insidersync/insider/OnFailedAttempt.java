package io.insidersync.insider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Runs as soon as a delivery attempt fails, before Camel picks the delay of the next attempt. It counts the attempt
 * (for the dead-letter reason), and when Insider's answer carries a {@code Retry-After} header the next attempt waits
 * that long; otherwise the redelivery policy's exponential backoff applies.
 */
public final class OnFailedAttempt implements Processor {

    /** A Retry-After beyond this is taken for a mistake rather than waited out. */
    private static final long MAX_RETRY_AFTER_MILLIS = Duration.ofMinutes(15).toMillis();

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(DeliveryProperties.ATTEMPTS, exchange.getProperty(DeliveryProperties.ATTEMPTS, 0, Integer.class) + 1);
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
            Long delay = delayMillis(http.getResponseHeaders());
            if (delay != null) {
                exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.min(delay, MAX_RETRY_AFTER_MILLIS));
            }
        }
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
