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
        assertEquals(Optional.of(Window.changes(5, 9)), planner(databricks, "snapshot").plan(OptionalLong.of(4), OptionalLong.of(9)));
    }

    @Test
    void nothingToDoWhenTheTableHasNoNewerVersion() {
        assertEquals(Optional.empty(), planner(databricks, "snapshot").plan(OptionalLong.of(9), OptionalLong.of(9)));
        assertEquals(Optional.empty(), planner(databricks, "snapshot").plan(OptionalLong.empty(), OptionalLong.empty()));
    }

    @Test
    void theFirstRunStartsWhereSyncStartSays() {
        assertEquals(Optional.of(Window.snapshotAt(9)), planner(databricks, "snapshot").plan(OptionalLong.empty(), OptionalLong.of(9)));
        assertEquals(Optional.of(Window.changes(0, 9)), planner(changeTable, "snapshot").plan(OptionalLong.empty(), OptionalLong.of(9)));
        assertEquals(Optional.of(Window.changes(3, 9)), planner(databricks, "version:3").plan(OptionalLong.empty(), OptionalLong.of(9)));
    }

    @Test
    void startingAtTheLatestVersionRemembersItAndSendsNothing() {
        WindowPlanner latest = planner(databricks, "latest");
        assertEquals(Optional.empty(), latest.plan(OptionalLong.empty(), OptionalLong.of(9)));
        assertEquals(OptionalLong.of(9), new FileCheckpointStore(dir, "t").read());
    }
}
