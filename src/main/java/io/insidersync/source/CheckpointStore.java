package io.insidersync.source;

import java.util.OptionalLong;

/** Where a table's sync stands: the last Delta version whose changes were all delivered or dead-lettered. */
public interface CheckpointStore {

    /** The last synced version, or empty before the first sync. */
    OptionalLong read();

    /** Records a new last synced version; once this returns the value survives a crash. */
    void write(long version);
}
