package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** How failed window reads are explained; the messages are those Spark 3.5 with Delta 3.3 and Databricks give. */
class ChangeFeedFailuresTest {

    /** What Spark's Thrift Server says when the feed was turned on after the window's start: sentences, then its stack. */
    private static final String MISSING_CHANGE_DATA = """
            org.apache.hive.service.cli.HiveSQLException: Error running query: [DELTA_MISSING_CHANGE_DATA] org.apache.spark.sql.delta.DeltaAnalysisException: [DELTA_MISSING_CHANGE_DATA] Error getting change data for range [1 , 4] as change data was not
            recorded for version [1]. If you've enabled change data feed on this table,
            use `DESCRIBE HISTORY` to see when it was first enabled.
            \tat org.apache.spark.sql.hive.thriftserver.HiveThriftServerErrors$.runningQueryError(HiveThriftServerErrors.scala:43)
            \tat org.apache.spark.sql.hive.thriftserver.SparkExecuteStatementOperation.execute(SparkExecuteStatementOperation.scala:263)""";
    private static final String VACUUMED = "org.apache.hive.service.cli.HiveSQLException: Error running query: org.apache.spark.SparkException: "
            + "Job aborted due to stage failure: Task 0 in stage 138.0 failed 1 times, most recent failure: Lost task 0.0 in stage 138.0: "
            + "org.apache.spark.SparkFileNotFoundException: File file:/lake/vac/_change_data/cdc-00000-c5fa.c000.snappy.parquet does not exist\n"
            + "It is possible the underlying files have been updated.\n\tat org.apache.spark.SparkException.x(X.scala:1)";

    private final ChangeFeedFailures failures = new ChangeFeedFailures(new UrlDataSource("jdbc:none", new Properties(), "the lake"),
            new ChangeTableDialect(List.of("t")), "t");

    @Test
    void changeDataMissingForTheStartOfTheWindowIsRecognised() {
        assertTrue(ChangeFeedFailures.isMissingChangeData(MISSING_CHANGE_DATA));
        assertFalse(ChangeFeedFailures.areChangeFilesGone(MISSING_CHANGE_DATA));
        String message = failures.explain(new SQLException(MISSING_CHANGE_DATA, "KD002"), Window.changes(1, 4));
        assertTrue(message.startsWith("Table t has no change data for the start of window 1..4"), message);
        assertTrue(message.contains("--resync") && message.contains("the checkpoint did not move"), message);
    }

    @Test
    void changeFilesRemovedByVacuumAreRecognisedOnSparkAndOnDatabricks() {
        assertTrue(ChangeFeedFailures.areChangeFilesGone(VACUUMED));
        assertTrue(ChangeFeedFailures.areChangeFilesGone("[DELTA_CHANGE_DATA_FILE_NOT_FOUND] File dbfs:/x/_change_data/cdc-1.parquet "
                + "referenced in the transaction log cannot be found."));
        assertFalse(ChangeFeedFailures.areChangeFilesGone("File /x/part-0001.parquet does not exist"));
        String message = failures.explain(new SQLException(VACUUMED), Window.changes(2, 3));
        assertTrue(message.startsWith("The change files of table t for window 2..3 no longer exist"), message);
        assertTrue(message.contains("Run with --resync"), message);
    }

    @Test
    void anyOtherFailureKeepsWhatTheSourceSaidWithoutItsStackTrace() {
        String message = failures.explain(new SQLException("[INSUFFICIENT_PERMISSIONS] User does not have SELECT on table t.\n\tat x.y(Z.java:1)"),
                Window.changes(5, 9));
        assertEquals("Could not read the changes of table t (window 5..9) from the lake: [INSUFFICIENT_PERMISSIONS] User does not have "
                + "SELECT on table t.", message);
    }

    @Test
    void aSourceMessageIsCutBeforeItsStackTraceAndQueryPlan() {
        assertEquals("org.apache.hive.service.cli.HiveSQLException: Error running query: [DELTA_MISSING_CHANGE_DATA] "
                        + "org.apache.spark.sql.delta.DeltaAnalysisException: [DELTA_MISSING_CHANGE_DATA] Error getting change data for range "
                        + "[1 , 4] as change data was not recorded for version [1]. If you've enabled change data feed on this table, "
                        + "use `DESCRIBE HISTORY` to see when it was first enabled.",
                SqlErrors.summary(new SQLException(MISSING_CHANGE_DATA)));
        assertEquals("[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found.",
                SqlErrors.summary(new SQLException("[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found.\n"
                        + "'UnresolvedRelation [t], [], false\n")));
        assertEquals(600, SqlErrors.summary(new SQLException("x".repeat(2000))).length());
        assertEquals("SQLException (SQLState 08S01)", SqlErrors.summary(new SQLException(null, "08S01")));
    }
}
