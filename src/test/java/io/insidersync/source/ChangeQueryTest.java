package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The statement text for Databricks; what it returns is proven by the route tests against H2. */
class ChangeQueryTest {

    private final DatabricksDialect databricks = new DatabricksDialect(List.of("main", "crm", "events"));
    private final ChangeQuery query = new ChangeQuery(databricks, List.of("id"), List.of("email", "order_id"));

    @Test
    void readsTheFeedWithAnExplicitEndVersion() {
        String sql = query.sql(Window.changes(5, 9));
        assertTrue(sql.contains("FROM table_changes('`main`.`crm`.`events`', 5, 9) c"), sql);
        assertTrue(sql.contains("`_change_type` <> 'update_preimage'"), sql);
        assertTrue(sql.contains("`_net_rank` = 1 AND `_change_type` <> 'delete'"), sql);
        assertTrue(sql.endsWith("ORDER BY `email`, `order_id`, `_commit_version`, `id`"), sql);
    }

    @Test
    void aSnapshotReadsTheTableAsOfTheVersion() {
        String sql = query.sql(Window.snapshotAt(7));
        assertTrue(sql.contains("FROM `main`.`crm`.`events` VERSION AS OF 7 s"), sql);
        assertTrue(!sql.contains("table_changes"), sql);
    }

    @Test
    void theLatestVersionComesFromTheHistoryNotTheFeed() {
        assertEquals("DESCRIBE HISTORY `main`.`crm`.`events` LIMIT 1", databricks.latestVersionSql());
    }
}
