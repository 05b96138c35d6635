package io.insidersync.source;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Optional;
import java.util.TimeZone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins the JVM's default time zone to UTC at start-up of a Databricks source, before its driver is loaded.
 *
 * <p>The Databricks driver builds a {@link java.sql.Timestamp} in two ways. Its Arrow path takes the instant, turns it
 * into the session zone's wall clock and hands that to {@code Timestamp.valueOf(LocalDateTime)}, which reads the wall
 * clock in the JVM's default zone. Its JSON path parses text that carries its zone. Under any JVM zone other than the
 * session zone, the same TIMESTAMP gives two different instants. The URL the program builds pins the session zone to
 * UTC ({@code TIMEZONE=UTC}); this pins the JVM's to match.
 *
 * <p>The program itself does not depend on the JVM's zone: every zone it uses is named in a setting
 * ({@code sync.timezone}, {@code mapping.timezone}), and times it writes are instants. Log lines written before the pin
 * show the machine's offset, those after it UTC.
 */
public final class SourceTimeZone {

    private static final Logger LOG = LoggerFactory.getLogger(SourceTimeZone.class);
    private static final String UTC = "UTC";

    private SourceTimeZone() {
    }

    /** Sets the default zone to UTC, and says so when it was another. */
    public static void pinUtc() {
        pin().ifPresent(LOG::info);
    }

    /**
     * Sets the default zone to UTC; returns the line to log, or nothing when the zone already was UTC (under any of its
     * names, such as Etc/UTC or GMT: the same clock, so nothing to say).
     */
    static Optional<String> pin() {
        TimeZone current = TimeZone.getDefault();
        if (current.getID().equals(UTC)) {
            return Optional.empty();
        }
        TimeZone.setDefault(TimeZone.getTimeZone(UTC));
        if (isUtc(current.toZoneId().getRules())) {
            return Optional.empty();
        }
        return Optional.of("Time zone: the JVM's default zone " + current.getID() + " is set to UTC, so that source timestamps read "
                + "the same through every driver path (settings that take a zone, sync.timezone and mapping.timezone, are unaffected)");
    }

    private static boolean isUtc(ZoneRules rules) {
        return rules.isFixedOffset() && rules.getOffset(Instant.EPOCH).equals(ZoneOffset.UTC);
    }
}
