package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowPlannerTest {

    @TempDir
    Path dir;

    private WindowPlanner planner(SourceDialect dialect, String start) {
        return new WindowPlanner(new UrlDataSource("jdbc:none", new Properties(), "none"), dialect,
                new FileCheckpointStore(dir, "t"), StartPosition.parse(start), "t", Map.of());
    }

    private final SourceDialect databricks = new DatabricksDialect(List.of("t"));
    private final SourceDialect changeTable = new ChangeTableDialect(List.of("t"));

    @Test
    void afterACheckpointTheWindowRunsFromTheNextVersionToTheLatest() {
        assertEquals(Optional.of(Window.changes(5, 9)), planner(databricks, "snapshot").plan(OptionalLong.of(4), latest(9)));
    }

    @Test
    void nothingToDoWhenTheTableHasNoNewerVersion() {
        assertEquals(Optional.empty(), planner(databricks, "snapshot").plan(OptionalLong.of(9), latest(9)));
        assertEquals(Optional.empty(), planner(databricks, "snapshot").plan(OptionalLong.empty(), Optional.empty()));
    }

    @Test
    void theFirstRunStartsWhereSyncStartSays() {
        assertEquals(Optional.of(Window.snapshotAt(latest(9).get())), planner(databricks, "snapshot").plan(OptionalLong.empty(), latest(9)));
        assertEquals(Optional.of(Window.changes(0, 9)), planner(changeTable, "snapshot").plan(OptionalLong.empty(), latest(9)));
        assertEquals(Optional.of(Window.changes(3, 9)), planner(databricks, "version:3").plan(OptionalLong.empty(), latest(9)));
    }

    @Test
    void startingAtTheLatestVersionRemembersItAndSendsNothing() {
        WindowPlanner latest = planner(databricks, "latest");
        assertEquals(Optional.empty(), latest.plan(OptionalLong.empty(), latest(9)));
        assertEquals(OptionalLong.of(9), new FileCheckpointStore(dir, "t").read());
    }

    @Test
    void aResyncStartsFromASnapshotWhateverSyncStartSaysAndEndsWhenItsWindowCommits() {
        FileCheckpointStore store = new FileCheckpointStore(dir, "t");
        store.write(4);
        String said = new Resync(store, "t").request();

        assertEquals(Optional.of(Window.snapshotAt(latest(9).get())), planner(databricks, "latest").plan(store.read(), latest(9)));
        assertEquals(Optional.of(Window.changes(0, 9)), planner(changeTable, "version:7").plan(store.read(), latest(9)),
                "a change table has no snapshots: all of it is read again");
        assertEquals("Resync of table t requested: its next run sends the table's current state from a snapshot, then follows the feed "
                + "after it (it had been synced up to version 4).", said);

        store.write(9);
        assertEquals(false, store.resyncRequested());
        assertEquals(Optional.empty(), planner(databricks, "latest").plan(store.read(), latest(9)));
    }

    @Test
    void anInterruptedWindowIsResumedOnlyWithTheSettingsThatCutItIntoBatches() {
        FileCheckpointStore store = new FileCheckpointStore(dir, "t");
        WindowProgress progress = new WindowProgress(Window.changes(5, 9), Map.of("insider.batch-max-users", "1000", "mapping.attributes.name", "first_name"));
        progress.acknowledge(0, "digest-0");
        store.writeProgress(progress);
        WindowPlanner same = new WindowPlanner(new UrlDataSource("jdbc:none", new Properties(), "none"), databricks, store,
                StartPosition.parse("snapshot"), "t", Map.of("insider.batch-max-users", "1000", "mapping.attributes.name", "first_name"));
        assertEquals(Window.changes(5, 9), same.resume(store.readProgress().orElseThrow()).window());

        WindowPlanner changed = new WindowPlanner(new UrlDataSource("jdbc:none", new Properties(), "none"), databricks, store,
                StartPosition.parse("snapshot"), "t", Map.of("insider.batch-max-users", "500", "mapping.attributes.city", "city"));
        var error = org.junit.jupiter.api.Assertions.assertThrows(io.insidersync.config.ConfigurationException.class,
                () -> changed.resume(store.readProgress().orElseThrow()));
        assertEquals("Window 5..9 of table t was interrupted after some of its batches were delivered, and settings that decide its "
                + "batches have changed since: insider.batch-max-users (was '1000', now '500'), mapping.attributes.city (was not set, now 'city'), "
                + "mapping.attributes.name (was 'first_name', now not set). Put them back to finish the window without sending anything twice, "
                + "or remove \"window_in_progress\" from " + store.file() + " to send the whole window again (its delivered batches would be sent twice).",
                error.getMessage());
    }

    private static Optional<TableVersion> latest(long version) {
        return Optional.of(new TableVersion(version, java.time.Instant.parse("2026-11-20T10:00:00Z")));
    }
}
