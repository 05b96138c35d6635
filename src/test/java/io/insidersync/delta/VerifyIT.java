package io.insidersync.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.insidersync.support.InsiderStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verify}, and the table checks at start-up, against real tables of a Delta Lake: a good one, a view, a
 * Parquet table, a Delta table without its Change Data Feed, a missing table and column; Insider's credentials
 * against the stand-in's profile endpoint.
 */
class VerifyIT {

    private static final DeltaLake LAKE = DeltaLake.get();
    /** The token {@link DeltaSync} configures; the stand-in's profile endpoint accepts it, or not. */
    private static final String TOKEN = "delta-secret-token";
    private static final List<String> CHECKS = List.of("Databricks connection", "Table readable", "Not a view", "Delta table", "Change Data Feed",
            "Mapping", "Insider credentials");

    @TempDir
    Path state;

    @BeforeEach
    void freshInsider() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        InsiderStandIn.profileAcceptsToken(TOKEN);
    }

    private static String table(String name, String using) {
        String table = name + "_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (id INT, email STRING, name STRING) " + using);
        return table;
    }

    private static String deltaWithFeed(String name) {
        return table(name, "USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    }

    private DeltaSync sync(String table, String... settings) {
        List<String> all = new ArrayList<>(List.of("sync.key-columns=id", "mapping.identifiers.email=email", "mapping.attributes.name=name"));
        all.addAll(List.of(settings));
        return new DeltaSync(table, state, all.toArray(String[]::new));
    }

    /** Runs --verify, which must exit with {@code exit}, and returns its lines by check. */
    private static Map<String, String> verify(DeltaSync sync, int exit) {
        assertEquals(exit, sync.run("--verify"), sync.out() + sync.err());
        return lines(sync);
    }

    /** Each printed check line by its name: "PASS  Delta table: …" → "Delta table" → the line. In the order printed. */
    private static Map<String, String> lines(DeltaSync sync) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : sync.out().strip().split("\\R")) {
            String name = line.substring(6, line.indexOf(':'));
            lines.put(name, line);
        }
        return lines;
    }

    private static void assertLine(Map<String, String> lines, String status, String check, String... contains) {
        String line = lines.get(check);
        assertTrue(line != null && line.startsWith(status + "  " + check + ": "), "expected " + status + " for " + check + ", got " + lines.values());
        for (String text : contains) {
            assertTrue(line.contains(text), "'" + text + "' missing from: " + line);
        }
    }

    private static void assertNoSecret(DeltaSync sync) {
        assertFalse(sync.out().contains(TOKEN) || sync.err().contains(TOKEN), "the token was printed: " + sync.out() + sync.err());
    }

    @Test
    void aDeltaTableWithItsFeedAndGoodCredentialsPassEveryCheck() {
        String table = deltaWithFeed("good");
        DeltaSync sync = sync(table);

        Map<String, String> lines = verify(sync, 0);
        assertEquals(CHECKS, List.copyOf(lines.keySet()), sync.out());
        lines.keySet().forEach(check -> assertLine(lines, "PASS", check));
        assertLine(lines, "PASS", "Insider credentials", "deltapartner");
        assertEquals(1, InsiderStandIn.profileRequests().size());
        assertEquals(TOKEN, InsiderStandIn.profileRequests().get(0).getHeader("X-REQUEST-TOKEN"));
        assertEquals("deltapartner", InsiderStandIn.profileRequests().get(0).getHeader("X-PARTNER-NAME"));
        assertTrue(InsiderStandIn.requests().isEmpty(), "--verify sent an upsert");
        assertEquals(-1, sync.checkpointVersion(), "--verify wrote a checkpoint");
        assertNoSecret(sync);
    }

    @Test
    void aViewFailsTheViewCheckAndSaysToSyncTheTableItReads() {
        String base = deltaWithFeed("base");
        String view = "view_" + System.nanoTime();
        LAKE.sql("CREATE VIEW " + view + " AS SELECT * FROM " + base);
        DeltaSync sync = sync(view);

        Map<String, String> lines = verify(sync, 1);
        assertEquals(CHECKS, List.copyOf(lines.keySet()), sync.out());
        assertLine(lines, "PASS", "Table readable");
        assertLine(lines, "FAIL", "Not a view", view + " is a view", "the Delta table the view reads from");
        assertLine(lines, "SKIP", "Delta table");
        assertLine(lines, "SKIP", "Change Data Feed");
        assertLine(lines, "PASS", "Mapping");
        assertLine(lines, "PASS", "Insider credentials");
        assertNoSecret(sync);
    }

    @Test
    void aParquetTableFailsTheDeltaCheckWithTheStatementsToConvertIt() {
        String table = table("parquet", "USING PARQUET");
        DeltaSync sync = sync(table);

        Map<String, String> lines = verify(sync, 1);
        assertLine(lines, "PASS", "Not a view");
        assertLine(lines, "FAIL", "Delta table", "Parquet table", "CONVERT TO DELTA `" + table + "`",
                "ALTER TABLE `" + table + "` SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        assertLine(lines, "SKIP", "Change Data Feed");
    }

    @Test
    void aDeltaTableWithoutItsFeedFailsWithTheAlterTableStatement() {
        String table = table("nofeed", "USING DELTA");
        DeltaSync sync = sync(table);

        Map<String, String> lines = verify(sync, 1);
        assertLine(lines, "PASS", "Delta table");
        assertLine(lines, "FAIL", "Change Data Feed", "ALTER TABLE `" + table + "` SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        assertLine(lines, "PASS", "Mapping");
    }

    @Test
    void theFeedTurnedOffExplicitlyFailsToo() {
        String table = table("feedoff", "USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = false)");
        DeltaSync sync = sync(table);

        assertLine(verify(sync, 1), "FAIL", "Change Data Feed", "ALTER TABLE");
    }

    @Test
    void aMappedColumnTheTableLacksFailsTheMappingCheckNamingSettingAndColumn() {
        String table = "nocolumn_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (id INT, email STRING, name STRING, signed_up DATE) USING DELTA "
                + "TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        DeltaSync sync = sync(table, "mapping.attributes.surname=last_name", "mapping.attributes.age=signed_up");

        Map<String, String> lines = verify(sync, 1);
        assertLine(lines, "PASS", "Change Data Feed");
        // Every problem on the one line.
        assertLine(lines, "FAIL", "Mapping", "mapping.attributes.surname", "has no column last_name", "mapping.attributes.age", "signed_up is DATE",
                "Its columns are id, email, name, signed_up");
        assertLine(lines, "PASS", "Insider credentials");
    }

    @Test
    void aTokenInsiderRefusesFailsTheInsiderCheckWithoutPrintingIt() {
        InsiderStandIn.reset();
        InsiderStandIn.profileAcceptsToken("another-token");
        String table = deltaWithFeed("badtoken");
        DeltaSync sync = sync(table);

        Map<String, String> lines = verify(sync, 1);
        assertLine(lines, "PASS", "Change Data Feed");
        assertLine(lines, "FAIL", "Insider credentials", "HTTP 403", "insider.partner-name", "insider.request-token", "INSIDER_REQUEST_TOKEN");
        assertNoSecret(sync);
    }

    @Test
    void aMissingTableSaysWhichGrantsToCheckAndSkipsWhatNeedsIt() {
        DeltaSync sync = sync("missing_" + System.nanoTime());

        Map<String, String> lines = verify(sync, 1);
        assertEquals(CHECKS, List.copyOf(lines.keySet()), sync.out());
        assertLine(lines, "PASS", "Databricks connection");
        assertLine(lines, "FAIL", "Table readable", "TABLE_OR_VIEW_NOT_FOUND", "USE CATALOG", "USE SCHEMA", "SELECT");
        assertFalse(lines.get("Table readable").contains("\tat "), "Spark's stack trace was printed");
        for (String check : List.of("Not a view", "Delta table", "Change Data Feed", "Mapping")) {
            assertLine(lines, "SKIP", check, "needs the table");
        }
        assertLine(lines, "PASS", "Insider credentials");
    }

    @Test
    void anUnreachableLakeFailsTheConnectionAndSkipsTheTable() {
        String table = deltaWithFeed("unreachable");
        DeltaSync sync = sync(table, "databricks.port=1");

        Map<String, String> lines = verify(sync, 1);
        assertLine(lines, "FAIL", "Databricks connection", "could not connect to Databricks 127.0.0.1:1" + WarehouseStandIn.HTTP_PATH);
        for (String check : List.of("Table readable", "Not a view", "Delta table", "Change Data Feed", "Mapping")) {
            assertLine(lines, "SKIP", check, "needs the Databricks connection");
        }
        assertLine(lines, "PASS", "Insider credentials");
    }

    @Test
    void aDryRunSkipsInsider() {
        String table = deltaWithFeed("dryrun");
        DeltaSync sync = sync(table, "insider.dry-run=true", "insider.outbox-dir=" + state.resolve("outbox"));

        assertLine(verify(sync, 0), "SKIP", "Insider credentials", "insider.dry-run=true");
        assertTrue(InsiderStandIn.profileRequests().isEmpty());
    }

    @Test
    void aSyncOfAViewStopsAtStartUpAndSendsNothing() {
        String base = deltaWithFeed("viewbase");
        LAKE.sql("INSERT INTO " + base + " VALUES (1, 'ann@example.com', 'Ann')");
        String view = "view_" + System.nanoTime();
        LAKE.sql("CREATE VIEW " + view + " AS SELECT * FROM " + base);
        DeltaSync sync = sync(view);

        assertEquals(2, sync.run("--once"), sync.out() + sync.err());

        assertTrue(sync.err().contains("Configuration error: sync.table " + view + " is a view"), sync.err());
        assertTrue(InsiderStandIn.requests().isEmpty(), "a request reached Insider");
        assertEquals(-1, sync.checkpointVersion());
    }

    @Test
    void aSyncOfATableWithoutItsFeedStopsAtStartUpSayingWhatToRun() {
        String table = table("startnofeed", "USING DELTA");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann')");
        DeltaSync sync = sync(table);

        assertEquals(2, sync.run("--once"), sync.out() + sync.err());

        assertTrue(sync.err().contains("Configuration error: sync.table " + table + " has no Change Data Feed"), sync.err());
        assertTrue(sync.err().contains("run ALTER TABLE `" + table + "` SET TBLPROPERTIES (delta.enableChangeDataFeed = true)"), sync.err());
        assertTrue(InsiderStandIn.requests().isEmpty(), "a request reached Insider");

        // Done as it says, the same sync starts and delivers.
        LAKE.sql("ALTER TABLE " + table + " SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        sync.once();
        assertEquals(1, InsiderStandIn.requests().size());
    }

    @Test
    void aSyncOfAMissingTableCannotStartAndNamesTheGrants() {
        DeltaSync sync = sync("missing_" + System.nanoTime());

        assertEquals(1, sync.run("--once"), sync.out() + sync.err());

        String line = sync.err().lines().filter(l -> l.startsWith("Could not start: ")).findFirst().orElseThrow(() -> new AssertionError(sync.err()));
        assertTrue(line.startsWith("Could not start: Could not read table missing_"), line);
        assertTrue(line.contains("TABLE_OR_VIEW_NOT_FOUND") && line.contains("USE CATALOG"), line);
        assertFalse(sync.err().contains("\tat org.apache.spark"), "Spark's stack trace was printed: " + sync.err());
    }

    @Test
    void settingsThatCannotBeReadAreAConfigurationErrorNotACheck() {
        String table = deltaWithFeed("nosecret");
        DeltaSync sync = sync(table, "insider.request-token=");

        assertEquals(2, sync.run("--verify"), sync.out() + sync.err());

        assertTrue(sync.err().contains("Configuration error: Setting insider.request-token is required"), sync.err());
        assertEquals("", sync.out());
    }
}
