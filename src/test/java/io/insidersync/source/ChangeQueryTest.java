package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The statement text for Databricks; what it returns is proven by the route tests against H2. */
class ChangeQueryTest {

    private final DatabricksDialect databricks = new DatabricksDialect(List.of("main", "crm", "events"));
    private final ChangeQuery query = new ChangeQuery(databricks, List.of("id"), List.of("email", "order_id"), "order_id",
            List.of("email", "currency"));

    @Test
    void readsTheFeedWithAnExplicitEndVersion() {
        String sql = query.sql(Window.changes(5, 9));
        assertTrue(sql.contains("FROM table_changes('`main`.`crm`.`events`', 5, 9) c"), sql);
        assertTrue(sql.contains("`_change_type` <> 'update_preimage'"), sql);
        assertTrue(sql.contains("`_net_rank` = 1 AND `_change_type` <> 'delete'"), sql);
        assertTrue(sql.endsWith("ORDER BY `email`, `order_id`, `_commit_version`, `id`"), sql);
    }

    @Test
    void eachBasketLineCarriesWhichColumnsItsBasketDisagreesOn() {
        String sql = query.sql(Window.changes(5, 9));
        String window = " OVER (PARTITION BY `order_id`, `_inserted_in_window`)";
        assertTrue(sql.startsWith("SELECT n.*, CASE WHEN `order_id` IS NULL OR `_inserted_in_window` = 0 THEN 0 ELSE "
                + "CASE WHEN MIN(`email`)" + window + " <> MAX(`email`)" + window + " OR (COUNT(`email`)" + window + " > 0 AND COUNT(`email`)"
                + window + " < COUNT(*)" + window + ") THEN 1 ELSE 0 END + CASE WHEN MIN(`currency`)" + window), sql);
        assertTrue(sql.contains(" THEN 2 ELSE 0 END END AS `_basket_conflicts` FROM (SELECT r.*"), sql);
    }

    @Test
    void withoutBasketsNoBasketColumnIsAdded() {
        String sql = new ChangeQuery(databricks, List.of("id"), List.of("email"), null, List.of("email")).sql(Window.changes(1, 2));
        assertTrue(sql.startsWith("SELECT n.* FROM (SELECT r.*"), sql);
    }

    @Test
    void aKeyDeletedAndWrittenAgainInOneCommitIsAnUpdateToItsNewImage() {
        String sql = query.sql(Window.changes(5, 9));
        // Which rows' commits deleted their key: a window over key and version, one level below the net change.
        assertTrue(sql.contains("FROM (SELECT c.*, MAX(CASE WHEN `_change_type` = 'delete' THEN 1 ELSE 0 END) "
                + "OVER (PARTITION BY `id`, `_commit_version`) AS `_deleted_in_commit` FROM table_changes("), sql);
        // Within one version the new image wins over the delete it replaces; a later delete still wins by its version.
        assertTrue(sql.contains("ROW_NUMBER() OVER (PARTITION BY `id` ORDER BY `_commit_version` DESC, "
                + "CASE `_change_type` WHEN 'update_postimage' THEN 0 WHEN 'insert' THEN 1 ELSE 2 END) AS `_net_rank`"), sql);
        // Only an insert its commit did not pair with a delete makes the key new (an event).
        assertTrue(sql.contains("MAX(CASE WHEN `_change_type` = 'insert' AND `_deleted_in_commit` = 0 THEN 1 ELSE 0 END) "
                + "OVER (PARTITION BY `id`) AS `_inserted_in_window`"), sql);
    }

    @Test
    void aSnapshotHasNoDeletesToPairAndNeedsNoWindowForThem() {
        String sql = query.sql(Window.snapshotAt(new TableVersion(7, java.time.Instant.ofEpochMilli(1_763_600_000_123L))));
        assertTrue(sql.contains("SELECT c.*, 0 AS `_deleted_in_commit` FROM (SELECT s.*"), sql);
    }

    @Test
    void aSnapshotReadsTheTableAsOfTheVersion() {
        String sql = query.sql(Window.snapshotAt(new TableVersion(7, java.time.Instant.ofEpochMilli(1_763_600_000_123L))));
        assertTrue(sql.contains("FROM `main`.`crm`.`events` VERSION AS OF 7 s"), sql);
        assertTrue(sql.contains("timestamp_millis(1763600000123) AS `_commit_timestamp`"), "rows carry the version's commit time: " + sql);
        assertTrue(!sql.contains("table_changes"), sql);
    }

    @Test
    void theLatestVersionComesFromTheHistoryNotTheFeed() {
        assertEquals("DESCRIBE HISTORY `main`.`crm`.`events` LIMIT 1", databricks.latestVersionSql());
    }
}
