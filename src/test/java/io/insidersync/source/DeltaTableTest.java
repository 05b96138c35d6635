package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Reading what DESCRIBE TABLE EXTENDED says of a table, and the problem each kind of table has, with what to run. */
class DeltaTableTest {

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    @Test
    void theDetailedSectionOfADeltaTableIsReadPastItsColumnsAndPartitions() {
        // As Spark 3.5 with Delta 3.3 prints it for a partitioned Delta table.
        List<String[]> rows = List.of(row("id", "int"), row("day", "string"), row("# Partition Information", ""), row("# col_name", "data_type"),
                row("day", "string"), row("", ""), row("# Detailed Table Information", ""), row("Name", "spark_catalog.default.t"),
                row("Type", "MANAGED"), row("Location", "file:/w/t"), row("Provider", "delta"),
                row("Table Properties", "[delta.enableChangeDataFeed=true,delta.minReaderVersion=1]"));

        Map<String, String> details = DeltaTable.details(rows);

        assertEquals("MANAGED", details.get("Type"));
        assertEquals("delta", details.get("Provider"));
        assertFalse(details.containsKey("day"), "a column was read as a detail");
        assertFalse(details.containsKey("id"));
    }

    @Test
    void aHiveStyleParquetTableAndAViewAreReadToo() {
        Map<String, String> parquet = DeltaTable.details(List.of(row("id", "int"), row("", ""), row("# Detailed Table Information", ""),
                row("Catalog", "spark_catalog"), row("Type", "MANAGED"), row("Provider", "PARQUET"), row("Serde Library", "x")));
        Map<String, String> view = DeltaTable.details(List.of(row("id", "int"), row("", ""), row("# Detailed Table Information", ""),
                row("Type", "VIEW"), row("View Text", "SELECT * FROM t"), row("Storage Properties", "[serialization.format=1]")));

        assertEquals("PARQUET", parquet.get("Provider"));
        assertEquals("VIEW", view.get("Type"));
        assertFalse(view.containsKey("Provider"));
    }

    @Test
    void noDetailedSectionMeansNoDetails() {
        assertTrue(DeltaTable.details(List.of(row("id", "int"), row("Type", "looks like a detail"))).isEmpty());
    }

    private static DeltaTable table(String type, String format, boolean feed) {
        return new DeltaTable("main.crm.events", "`main`.`crm`.`events`", type, format, feed);
    }

    @Test
    void aDeltaTableWithItsFeedOnHasNoProblem() {
        DeltaTable table = table("EXTERNAL", "delta", true);

        assertEquals(Optional.empty(), table.firstProblem());
        assertFalse(table.isView());
        assertTrue(table.isDelta());
    }

    @Test
    void aViewSaysToSyncTheTableItReads() {
        DeltaTable view = table("VIEW", "", false);

        String problem = view.firstProblem().orElseThrow();

        assertTrue(problem.startsWith("sync.table main.crm.events is a view, and a view has no Change Data Feed"), problem);
        assertTrue(problem.contains("set sync.table to the Delta table the view reads from"), problem);
        assertEquals(Optional.empty(), view.formatProblem(), "a view's format is not its problem");
        assertEquals(Optional.empty(), view.changeDataFeedProblem());
        assertTrue(table("MATERIALIZED_VIEW", "", false).viewProblem().orElseThrow().contains("is a materialized view"));
    }

    @Test
    void aParquetTableSaysToConvertItThenTurnTheFeedOn() {
        String problem = table("MANAGED", "parquet", false).firstProblem().orElseThrow();

        assertEquals("sync.table main.crm.events is a Parquet table, not a Delta table: convert it with CONVERT TO DELTA `main`.`crm`.`events`, "
                + "then run ALTER TABLE `main`.`crm`.`events` SET TBLPROPERTIES (delta.enableChangeDataFeed = true)", problem);
        assertEquals(Optional.empty(), table("MANAGED", "parquet", false).changeDataFeedProblem(), "one problem at a time");
    }

    @Test
    void anotherFormatSaysToCopyItIntoADeltaTable() {
        String problem = table("EXTERNAL", "csv", false).firstProblem().orElseThrow();

        assertTrue(problem.startsWith("sync.table main.crm.events is a csv table, not a Delta table"), problem);
        assertTrue(problem.contains("CREATE TABLE <new table> USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true) AS SELECT * FROM "
                + "`main`.`crm`.`events`"), problem);
        assertTrue(table("MANAGED", "", false).firstProblem().orElseThrow().contains("is not a Delta table"));
    }

    @Test
    void aDeltaTableWithoutItsFeedSaysWhatToRun() {
        String problem = table("MANAGED", "DELTA", false).firstProblem().orElseThrow();

        assertEquals("sync.table main.crm.events has no Change Data Feed (delta.enableChangeDataFeed is not true): "
                + "run ALTER TABLE `main`.`crm`.`events` SET TBLPROPERTIES (delta.enableChangeDataFeed = true)", problem);
    }

    @Test
    void aTableNotFoundOrNotAllowedNamesTheGrants() {
        SQLException notFound = new SQLException("Error running query: [TABLE_OR_VIEW_NOT_FOUND] The table or view `x` cannot be found.\n"
                + "\tat org.apache.spark.sql.SomeClass(SomeClass.scala:1)", "42P01");
        SQLException denied = new SQLException("[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have USE SCHEMA on Schema 'main.crm'.");

        String message = DeltaTableChecks.unreadable("main.crm.x", "Databricks h/p (oauth, AWS)", notFound);

        assertEquals("Could not read table main.crm.x from Databricks h/p (oauth, AWS): Error running query: [TABLE_OR_VIEW_NOT_FOUND] The table or view "
                + "`x` cannot be found. Check sync.table (catalog.schema.table, as the catalog spells it) and that the principal has USE CATALOG on "
                + "the catalog, USE SCHEMA on the schema and SELECT on the table", message);
        assertTrue(DeltaTableChecks.unreadable("main.crm.x", "h", denied).contains("USE CATALOG on the catalog"));
    }

    @Test
    void anyOtherFailureIsSaidAsItIs() {
        String message = DeltaTableChecks.unreadable("t", "h", new SQLException("Connection reset", "08S01"));

        assertEquals("Could not read table t from h: Connection reset", message);
    }
}
