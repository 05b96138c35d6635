package io.insidersync.source;

/**
 * The versions one sync run reads: {@code fromVersion..toVersion}, both inclusive. A snapshot window reads the table
 * as of {@code toVersion} instead of its change feed.
 */
public record Window(long fromVersion, long toVersion, boolean snapshot) {

    public static Window changes(long fromVersion, long toVersion) {
        return new Window(fromVersion, toVersion, false);
    }

    public static Window snapshotAt(long version) {
        return new Window(version, version, true);
    }

    @Override
    public String toString() {
        return snapshot ? "snapshot@" + toVersion : fromVersion + ".." + toVersion;
    }
}
