package io.insidersync.source;

import java.util.Locale;

import io.insidersync.config.ConfigurationException;

/** Where the first run of a table starts ({@code sync.start}): a snapshot, the latest version, or a given version. */
public record StartPosition(Kind kind, long version) {

    public enum Kind { SNAPSHOT, LATEST, VERSION }

    public static StartPosition parse(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("snapshot")) {
            return new StartPosition(Kind.SNAPSHOT, -1);
        }
        if (lower.equals("latest")) {
            return new StartPosition(Kind.LATEST, -1);
        }
        if (lower.startsWith("version:")) {
            try {
                long version = Long.parseLong(lower.substring("version:".length()).trim());
                if (version >= 0) {
                    return new StartPosition(Kind.VERSION, version);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ConfigurationException("Setting sync.start: '" + value + "' must be snapshot, latest or version:N (N ≥ 0)");
    }
}
