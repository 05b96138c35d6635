package io.insidersync.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.insidersync.support.InsiderStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Change Data Feed semantics, each on a real Delta table changed over several versions, checked by what the
 * stand-in Insider received.
 */
class ChangeFeedIT {

    private static final DeltaLake LAKE = DeltaLake.get();
    /** table_changes with an explicit start and end version, and nothing else. */
    private static final WarehouseStandIn WAREHOUSE = WarehouseStandIn.get();
    private static final Pattern BOUNDED_WINDOW = Pattern.compile("table_changes\\('[^']+', \\d+, \\d+\\)");

    @TempDir
    Path state;

    /** Before each test, and between the runs of one: Insider accepts all and nothing sent or queried is remembered. */
    @BeforeEach
    void forgetWhatWasSent() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        WAREHOUSE.forget();
    }

    /** A new table of profiles (id, email, name) with the Change Data Feed on, created at version 0. */
    private static String newProfiles(String name) {
        String table = name + "_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (id INT, email STRING, name STRING) USING DELTA "
                + "TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        return table;
    }

    private DeltaSync profiles(String table, String... settings) {
        List<String> all = new ArrayList<>(List.of("sync.key-columns=id", "mapping.identifiers.email=email", "mapping.attributes.name=name"));
        all.addAll(List.of(settings));
        return new DeltaSync(table, state, all.toArray(String[]::new));
    }

    /** Each user Insider received, by email, with the name it was sent last. */
    private static Map<String, String> namesReceived() {
        Map<String, String> names = new TreeMap<>();
        for (JsonNode body : InsiderStandIn.bodies()) {
            for (JsonNode user : body.path("users")) {
                names.put(user.path("identifiers").path("email").asText(), user.path("attributes").path("name").asText(null));
            }
        }
        return names;
    }

    private static List<String> changeQueries() {
        return WAREHOUSE.statements().stream().filter(sql -> sql.contains("table_changes")).toList();
    }

    @Test
    void insertsAndUpdatesArriveAsTheirNetResultAndAKeyInsertedAndDeletedInTheWindowIsNotSent() {
        String table = newProfiles("net");
        DeltaSync sync = profiles(table, "sync.start=version:1");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann'), (2, 'bob@example.com', 'Bob'), (3, 'cy@example.com', 'Cy')",
                "UPDATE " + table + " SET name = 'Annie' WHERE id = 1",
                "UPDATE " + table + " SET name = 'Anna' WHERE id = 1",
                "DELETE FROM " + table + " WHERE id = 3");

        String summary = sync.once();

        assertEquals(Map.of("ann@example.com", "Anna", "bob@example.com", "Bob"), namesReceived(), summary);
        assertEquals(1, InsiderStandIn.requests().size());
        assertEquals(2, InsiderStandIn.bodies().get(0).path("users").size(), "one net result per key: " + InsiderStandIn.bodies());
        assertEquals(4, LAKE.version(table));
        assertEquals(4, sync.checkpointVersion());
        assertEquals(List.of("table_changes('`" + table + "`', 1, 4)"),
                changeQueries().stream().map(sql -> sql.replaceAll(".*(table_changes\\([^)]*\\)).*", "$1")).toList());
    }

    @Test
    void aMergeIsSentAsTheRowsItInsertedAndUpdatedAndADeleteOfASyncedKeyIsNotSent() {
        String table = newProfiles("merge");
        DeltaSync sync = profiles(table, "sync.start=version:1");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann'), (2, 'bob@example.com', 'Bob')");
        sync.once();
        forgetWhatWasSent();

        LAKE.sql("MERGE INTO " + table + " t USING (SELECT 2 AS id, 'bob@example.com' AS email, 'Robert' AS name "
                        + "UNION ALL SELECT 4, 'dee@example.com', 'Dee') s ON t.id = s.id "
                        + "WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT *",
                "DELETE FROM " + table + " WHERE id = 1");
        String summary = sync.once();

        assertEquals(Map.of("bob@example.com", "Robert", "dee@example.com", "Dee"), namesReceived(), summary);
        assertEquals(LAKE.version(table), sync.checkpointVersion());
    }

    @Test
    void aRunWithNoNewVersionSendsNothingAndReadsNoChanges() {
        String table = newProfiles("idle");
        DeltaSync sync = profiles(table, "sync.start=version:1");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann')");
        sync.once();
        assertTrue(changeQueries().stream().allMatch(sql -> BOUNDED_WINDOW.matcher(sql).find()), "every window has an end: " + changeQueries());
        forgetWhatWasSent();

        String summary = sync.once();

        assertTrue(summary.contains("up to date at version 1"), summary);
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertEquals(List.of(), changeQueries(), "an idle run must not query the feed");
        assertFalse(WAREHOUSE.statements().isEmpty(), "the run did ask for the latest version");
    }

    @Test
    void startAtAVersionSkipsWhatCameBeforeIt() {
        String table = newProfiles("fromversion");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann')",
                "INSERT INTO " + table + " VALUES (2, 'bob@example.com', 'Bob')");

        profiles(table, "sync.start=version:2").once();

        assertEquals(Map.of("bob@example.com", "Bob"), namesReceived());
    }

    @Test
    void startAtLatestSendsNothingFirstThenOnlyWhatComesAfter() {
        String table = newProfiles("latest");
        DeltaSync sync = profiles(table, "sync.start=latest");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann')");

        sync.once();
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertEquals(1, sync.checkpointVersion());

        LAKE.sql("INSERT INTO " + table + " VALUES (2, 'bob@example.com', 'Bob')");
        sync.once();
        assertEquals(Map.of("bob@example.com", "Bob"), namesReceived());
    }

    @Test
    void aSnapshotSendsTheCurrentStateWithSkipHookThenTheFeedFollowsWithout() {
        String table = "snap_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (id INT, email STRING, name STRING, event_name STRING) USING DELTA "
                        + "TBLPROPERTIES (delta.enableChangeDataFeed = true)",
                "INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann', 'signup'), (2, 'bob@example.com', 'Bob', 'signup')",
                "UPDATE " + table + " SET name = 'Anna' WHERE id = 1",
                "DELETE FROM " + table + " WHERE id = 2");
        long latest = LAKE.version(table);
        // The commit time of the snapshot's version, as the table's history gives it (UTC on this server).
        String committedAt = LAKE.query("DESCRIBE HISTORY " + table + " LIMIT 1").get(0).get(1);
        DeltaSync sync = new DeltaSync(table, state, "sync.key-columns=id", "sync.start=snapshot", "mapping.identifiers.email=email",
                "mapping.attributes.name=name", "mapping.event.name=event_name");

        sync.once();

        assertEquals(1, InsiderStandIn.requests().size());
        JsonNode snapshot = InsiderStandIn.bodies().get(0);
        assertTrue(snapshot.path("skip_hook").asBoolean(), "history must not trigger journeys: " + snapshot);
        assertEquals(1, snapshot.path("users").size(), snapshot.toString());
        JsonNode ann = snapshot.path("users").get(0);
        assertEquals("Anna", ann.path("attributes").path("name").asText());
        Instant expected = Instant.parse(committedAt.replace(' ', 'T') + "Z");
        assertEquals(DateTimeFormatter.ISO_INSTANT.format(expected), ann.path("events").get(0).path("timestamp").asText(),
                "a snapshot row's event takes the commit time of the snapshot's version");
        assertEquals(latest, sync.checkpointVersion());

        forgetWhatWasSent();
        LAKE.sql("INSERT INTO " + table + " VALUES (3, 'cy@example.com', 'Cy', 'signup')");
        sync.once();

        JsonNode next = InsiderStandIn.bodies().get(0);
        assertFalse(next.has("skip_hook") && next.path("skip_hook").asBoolean(), "changes after the snapshot are news: " + next);
        assertEquals(Map.of("cy@example.com", "Cy"), namesReceived());
    }

    @Test
    void aStartBeforeTheFeedWasTurnedOnIsAnErrorNamingTheFirstVersionWithChangeData() {
        String table = "late_" + System.nanoTime();
        LAKE.sql("CREATE TABLE " + table + " (id INT, email STRING, name STRING) USING DELTA",
                "INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann')",
                "INSERT INTO " + table + " VALUES (2, 'bob@example.com', 'Bob')",
                "ALTER TABLE " + table + " SET TBLPROPERTIES (delta.enableChangeDataFeed = true)",
                "INSERT INTO " + table + " VALUES (3, 'cy@example.com', 'Cy')");
        DeltaSync sync = profiles(table, "sync.start=version:1");

        int exit = sync.run("--once");

        assertEquals(1, exit);
        assertTrue(sync.err().contains("turned on at version 3") && sync.err().contains("sync.start=version:3"), sync.err());
        assertTrue(sync.err().contains("--resync"), sync.err());
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertEquals(-1, sync.checkpointVersion(), "the checkpoint moved");

        profiles(table, "sync.start=version:3").once();
        assertEquals(Map.of("cy@example.com", "Cy"), namesReceived());
    }

    @Test
    void changeFilesRemovedByVacuumStopTheRunUntilAResyncSendsAFreshSnapshot() {
        String table = newProfiles("vacuumed");
        DeltaSync sync = profiles(table, "sync.start=version:1");
        LAKE.sql("INSERT INTO " + table + " VALUES (1, 'ann@example.com', 'Ann'), (2, 'bob@example.com', 'Bob')");
        sync.once();
        LAKE.sql("UPDATE " + table + " SET name = 'Anna' WHERE id = 1",
                "DELETE FROM " + table + " WHERE id = 2",
                "SET spark.databricks.delta.retentionDurationCheck.enabled = false",
                "VACUUM " + table + " RETAIN 0 HOURS");
        forgetWhatWasSent();

        int exit = sync.run("--once");

        assertEquals(1, exit);
        assertTrue(sync.err().contains("no longer exist") && sync.err().contains("--resync"), sync.err());
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertEquals(1, sync.checkpointVersion(), "the checkpoint moved");

        assertEquals(0, sync.run("--resync"), sync.err());
        assertTrue(sync.out().contains("synced up to version 1"), sync.out());
        assertEquals(0, sync.run("--once"), sync.err());

        assertEquals(Map.of("ann@example.com", "Anna"), namesReceived());
        assertTrue(InsiderStandIn.bodies().get(0).path("skip_hook").asBoolean(), "a resync is a snapshot");
        assertEquals(LAKE.version(table), sync.checkpointVersion());
    }
}
