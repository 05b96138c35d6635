package io.insidersync.source;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a table's sync stands: the last Delta version whose changes were all delivered or dead-lettered, and how far
 * the window after it got.
 */
public interface CheckpointStore {

    /** The last synced version, or empty before the first sync. */
    OptionalLong read();

    /** The progress of a window that was started but not finished, if any. */
    Optional<WindowProgress> readProgress();

    /** Records a new last synced version and forgets the window's progress; once this returns it survives a crash. */
    void write(long version);

    /**
     * Forgets the last synced version and any window in progress, and remembers that the next run must start from a
     * fresh snapshot whatever {@code sync.start} says; once this returns it survives a crash.
     */
    void requestResync();

    /** Whether a resync was requested and no window has been planned since. */
    boolean resyncRequested();

    /** Where the state is kept, for messages that tell the integrator what to look at. */
    String location();

    /** Records how far the current window got, keeping the last synced version; once this returns it survives a crash. */
    void writeProgress(WindowProgress progress);
}
