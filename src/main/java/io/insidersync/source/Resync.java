package io.insidersync.source;

import java.util.OptionalLong;

/**
 * {@code --resync}: the table is synced again from a fresh snapshot at its next run, for when its change data is gone
 * (VACUUM) or its state in Insider must be rebuilt. Dead letters are kept.
 */
public final class Resync {

    private final CheckpointStore checkpoints;
    private final String table;

    public Resync(CheckpointStore checkpoints, String table) {
        this.checkpoints = checkpoints;
        this.table = table;
    }

    /** Requests the resync and says what changed. */
    public String request() {
        OptionalLong synced = checkpoints.read();
        boolean unfinished = checkpoints.readProgress().isPresent();
        checkpoints.requestResync();
        return "Resync of table " + table + " requested: its next run sends the table's current state from a snapshot, then follows "
                + "the feed after it (" + (synced.isPresent() ? "it had been synced up to version " + synced.getAsLong() : "it had not been synced yet")
                + (unfinished ? "; the window in progress is dropped" : "") + ").";
    }
}
