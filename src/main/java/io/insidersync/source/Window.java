package io.insidersync.source;

import java.time.Instant;

/**
 * The versions one sync run reads: {@code fromVersion..toVersion}, both inclusive. A snapshot window reads the table
 * as of {@code toVersion} instead of its change feed; its rows carry that version's commit time
 * ({@code committedAt}, null when the source does not tell it) as their {@code _commit_timestamp}.
 */
public record Window(long fromVersion, long toVersion, boolean snapshot, Instant committedAt) {

    public static Window changes(long fromVersion, long toVersion) {
        return new Window(fromVersion, toVersion, false, null);
    }

    public static Window snapshotAt(TableVersion version) {
        return new Window(version.number(), version.number(), true, version.committedAt());
    }

    @Override
    public String toString() {
        return snapshot ? "snapshot@" + toVersion : fromVersion + ".." + toVersion;
    }
}
