package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.CommandLineRun;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.MemberTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as integrators and later checks drive it: exit codes, the summary line, messages. */
class SyncApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeEach
    void resetInsider() {
        InsiderStandIn.reset();
    }

    private Path config(String... lines) throws IOException {
        Path file = state.resolve("test-" + System.nanoTime() + ".properties");
        Files.write(file, Stream.concat(Stream.of("sync.state-dir=" + state.resolve("data")), Stream.of(lines)).toList());
        return file;
    }

    /** A configuration of the integrator's own: the H2 change table as source, the stand-in as Insider. */
    private Path jdbcConfig(String... extra) throws IOException {
        return sourceAndInsiderConfig(Stream.concat(Stream.of(
                "sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id",
                "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name"), Stream.of(extra)).toArray(String[]::new));
    }

    /** The H2 database as source and the stand-in as Insider, with these tables and mappings. */
    private Path sourceAndInsiderConfig(String... tables) throws IOException {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "source.kind=jdbc",
                "source.jdbc-url=" + ChangeTable.URL,
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=cliparter",
                "insider.request-token=cli-secret-token",
                "insider.retry-delay-ms=10",
                "deadletter.dir=" + state.resolve("deadletter")));
        lines.addAll(List.of(tables));
        return config(lines.toArray(String[]::new));
    }

    @Test
    void theDemoRunsWithNoCredentialsAndShowsPayloadsAndDeadLetters() throws Exception {
        Path config = config();

        assertEquals(0, cli.run("--once", "--config", config.toString()), cli.err());

        String summary = cli.out().strip();
        assertTrue(summary.startsWith("sync demo_purchase_changes: window 0..3, rows read 12, users 3, events 6, requests 1, dead-lettered 3"), summary);
        List<Path> outbox = Files.list(state.resolve("data/demo/outbox")).sorted().toList();
        assertEquals(1, outbox.size());
        JsonNode body = JSON.readTree(outbox.get(0).toFile());
        assertEquals(3, body.get("users").size());
        JsonNode ada = body.get("users").get(0);
        assertEquals("ada@example.com", ada.path("identifiers").path("email").asText());
        assertEquals("Platinum", ada.path("attributes").path("custom").path("loyalty_tier").asText(), "the update of version 2 wins");
        assertEquals(2, ada.path("events").size(), "Ada's basket of two lines");
        JsonNode grace = body.get("users").get(1);
        assertEquals(2, grace.path("events").size(), "the basket line deleted in version 3 was sent");
        List<String> deadLetters = Files.readAllLines(state.resolve("data/demo/deadletter/demo_purchase_changes.jsonl"));
        assertEquals(3, deadLetters.size());
        assertTrue(deadLetters.stream().allMatch(line -> line.contains("\"stage\":\"mapping\"")));

        assertEquals(0, cli.run("--once", "--config", config.toString()), cli.err());
        assertTrue(cli.out().contains("up to date at version 3"), cli.out());
        assertEquals(1, Files.list(state.resolve("data/demo/outbox")).count(), "the second run wrote another request");
    }

    @Test
    void environmentVariablesOverrideTheSettingsFiles() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SyncApplication.class.getName(), "--once")
                .redirectErrorStream(true);
        process.environment().put("SYNC_STATE_DIR", state.toString());
        process.environment().put("INSIDER_BATCH_MAX_USERS", "1");
        Process running = process.start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, running.waitFor(), output);
        assertTrue(output.contains("requests 3"), output);
        try (Stream<Path> outbox = Files.list(state.resolve("demo/outbox"))) {
            assertEquals(3, outbox.count(), "one user per request, as INSIDER_BATCH_MAX_USERS says");
        }
    }

    @Test
    void aConfigFileOfTheIntegratorsOwnReplacesTheDemoAndItsKeysWin() throws Exception {
        ChangeTable.empty().profile(1, "insert", "p-a", "a@example.com", "Ann", null)
                .profile(1, "insert", "p-b", "b@example.com", "Bob", null)
                .profile(2, "insert", "p-c", "c@example.com", "Cem", null);
        InsiderStandIn.acceptAll();

        // application.properties says 1000 users a request; the --config file's 1 wins.
        assertEquals(0, cli.run("--once", "--config", jdbcConfig("insider.batch-max-users=1").toString()), cli.err());

        assertTrue(cli.out().startsWith("sync purchase_changes: window 0..2, rows read 3, users 3, events 0, requests 3, dead-lettered 0"), cli.out());
        assertEquals(3, InsiderStandIn.requests().size());
        assertFalse(Files.exists(state.resolve("data/demo")), "the demo ran as well");
    }

    @Test
    void refusedInsiderCredentialsExitNonZeroWithAClearMessageThatHidesTheToken() throws Exception {
        ChangeTable.empty().profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(aResponse().withStatus(403).withBody("{\"error\":\"forbidden\"}"));

        assertEquals(1, cli.run("--once", "--config", jdbcConfig().toString()));

        assertTrue(cli.err().contains("Insider refused the credentials (HTTP 403)"), cli.err());
        assertTrue(cli.err().contains("insider.request-token"), cli.err());
        assertFalse(cli.err().contains("cli-secret-token") || cli.out().contains("cli-secret-token"), "the token was printed");
        assertFalse(Files.exists(state.resolve("data/checkpoint-purchase_changes.json")), "the checkpoint moved");
    }

    @Test
    void secretsAppearNeitherInLogsNorInDeadLetters() throws Exception {
        ChangeTable.empty().profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(aResponse().withStatus(400).withBody("{\"error\":\"bad request\"}"));
        int exit = cli.runKeepingLogs("--once", "--config", jdbcConfig("insider.max-retries=2").toString());

        assertEquals(0, exit, cli.err());
        String logged = cli.logs();
        assertTrue(logged.contains("400") || Files.readString(state.resolve("deadletter/purchase_changes.jsonl")).contains("400"),
                "the refusal was not recorded: " + logged);
        String deadLetters = Files.readString(state.resolve("deadletter/purchase_changes.jsonl"));
        for (String secret : List.of("cli-secret-token")) {
            assertFalse(logged.contains(secret), "the log shows " + secret);
            assertFalse(deadLetters.contains(secret), "a dead letter shows " + secret);
            assertFalse(cli.out().contains(secret) || cli.err().contains(secret), "the output shows " + secret);
        }
    }

    @Test
    void anUnreachableSourceExitsNonZeroNamingTheSource() throws Exception {
        Path config = jdbcConfig("source.jdbc-url=jdbc:h2:tcp://127.0.0.1:1/nothing-listens-here");

        assertEquals(1, cli.run("--once", "--config", config.toString()));

        assertTrue(cli.err().contains("Could not read the columns of table purchase_changes from jdbc:h2:tcp://127.0.0.1:1/nothing-listens-here"), cli.err());
    }

    @Test
    void aWrongSettingStopsBeforeAnythingRunsAndNamesTheSetting() throws Exception {
        assertEquals(2, cli.run("--once", "--config", jdbcConfig("source.kind=oracle").toString()));
        assertTrue(cli.err().contains("source.kind must be databricks or jdbc, not 'oracle'"), cli.err());

        assertEquals(2, cli.run("--once", "--config", jdbcConfig("mapping.attributes.favourite_colour=colour").toString()));
        assertTrue(cli.err().contains("mapping.attributes.favourite_colour") && cli.err().contains("custom.favourite_colour"), cli.err());

        assertEquals(2, cli.run("--once", "--config", jdbcConfig("sync.table=main.crm.events; DROP TABLE x").toString()));
        assertTrue(cli.err().contains("Setting sync.table"), cli.err());

        assertEquals(2, cli.run("--once", "--config", jdbcConfig("sync.schedule=daily@25:00").toString()));
        assertTrue(cli.err().contains("sync.schedule"), cli.err());

        assertEquals(2, cli.run("--once", "--config", jdbcConfig("insider.max-retries=lots").toString()));
        assertTrue(cli.err().contains("Setting insider.max-retries must be a whole number, not 'lots'"), cli.err());

        assertEquals(2, cli.run("--once", "--config", jdbcConfig("insider.throttle-period-ms=0").toString()));
        assertTrue(cli.err().contains("Setting insider.throttle-period-ms must be between 1 and 3600000, not 0"), cli.err());
    }

    @Test
    void aMappedColumnTheTableDoesNotHaveFailsStartUpNamingItAndTheColumnsThatExist() throws Exception {
        ChangeTable.empty().profile(1, "insert", "p-a", "a@example.com", "Ann", null);

        assertEquals(2, cli.run("--once", "--config", jdbcConfig("mapping.attributes.city=town", "mapping.identifiers.uuid=Line_ID").toString()));

        assertTrue(cli.err().contains("Configuration error: The mapping does not fit table purchase_changes: "
                + "mapping.identifiers.uuid: table purchase_changes has no column Line_ID (there is line_id: names must match exactly); "
                + "mapping.attributes.city: table purchase_changes has no column town. "
                + "Its columns are line_id, email, phone, first_name, loyalty_tier, event_name, event_time, order_id, product_id, currency, "
                + "quantity, unit_sale_price, params, _change_type, _commit_version, _commit_timestamp"), cli.err());
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertTrue(Files.notExists(state.resolve("data").resolve("checkpoint-" + ChangeTable.NAME + ".json")), "a checkpoint was written");
    }

    @Test
    void aColumnWhoseTypeCannotBecomeTheFieldFailsStartUp() throws Exception {
        ChangeTable.empty();

        assertEquals(2, cli.run("--once", "--config", jdbcConfig("mapping.attributes.age=event_time", "mapping.attributes.email_optin=unit_sale_price").toString()));

        assertTrue(cli.err().contains("mapping.attributes.age: column event_time is TIMESTAMP, which cannot become age (an integer); "
                + "it takes STRING, VARCHAR, CHAR, TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE columns; "
                + "mapping.attributes.email_optin: column unit_sale_price is DECIMAL, which cannot become email_optin (a boolean); "
                + "it takes STRING, VARCHAR, CHAR, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT columns."), cli.err());
    }

    @Test
    void aMissingDatabricksSecretIsNamedWithItsEnvironmentVariable() throws Exception {
        Path config = config("source.kind=databricks", "databricks.host=https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/",
                "databricks.http-path=/sql/1.0/warehouses/abc123", "databricks.auth=oauth", "databricks.client-id=63fc7e90-a8a2-4639-afd8-36ef6bb67cfa",
                "sync.table=main.crm.events", "sync.key-columns=id", "mapping.identifiers.email=email",
                "insider.partner-name=p", "insider.request-token=t");

        assertEquals(2, cli.run("--once", "--config", config.toString()));

        assertTrue(cli.err().contains("databricks.client-secret") && cli.err().contains("DATABRICKS_CLIENT_SECRET"), cli.err());
    }

    /**
     * The real Databricks driver, a warehouse that cannot be reached (nothing listens on localhost:443, so it is refused at
     * once): each auth in a JVM of its own started as the README says, secrets from the environment as the README says,
     * and everything the JVM prints read back, the driver's own logging included.
     */
    @Test
    void anUnreachableDatabricksWarehouseIsNamedAndNoSecretIsPrintedOrLogged() throws Exception {
        String clientSecret = "dose-oauth-secret-4f09e1";
        String token = "dapi-token-secret-b83c27";
        String insiderToken = "insider-token-secret-61d5";
        Map<String, Map<String, String>> runs = Map.of(
                "oauth", Map.of("DATABRICKS_CLIENT_SECRET", clientSecret),
                "token", Map.of("DATABRICKS_TOKEN", token));
        Map<String, Process> started = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> run : runs.entrySet()) {
            Path config = config("source.kind=databricks", "databricks.host=localhost", "databricks.http-path=/sql/1.0/warehouses/abc123",
                    "databricks.auth=" + run.getKey(), "databricks.client-id=63fc7e90-a8a2-4639-afd8-36ef6bb67cfa",
                    "sync.table=main.crm.events", "sync.key-columns=id", "mapping.identifiers.email=email",
                    "insider.partner-name=p", "insider.request-token=" + insiderToken, "deadletter.dir=" + state.resolve("deadletter"),
                    // Run side by side, each on a state of its own: on one they would lock each other out.
                    "sync.state-dir=" + state.resolve("data-" + run.getKey()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder process = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    SyncApplication.class.getName(), "--once", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(state.resolve(run.getKey() + ".log").toFile());
            process.environment().keySet().removeIf(name -> name.matches("(DATABRICKS|SOURCE|SYNC|MAPPING|INSIDER|DEADLETTER)_.*"));
            process.environment().putAll(run.getValue());
            started.put(run.getKey(), process.start());
        }
        for (Map.Entry<String, Process> run : started.entrySet()) {
            String auth = run.getKey();
            Process process = run.getValue();
            boolean ended = process.waitFor(3, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly();
            }
            String output = Files.readString(state.resolve(auth + ".log"));
            assertTrue(ended, auth + ": the driver was still trying after 3 minutes: " + output);
            assertEquals(1, process.exitValue(), auth + ": " + output);
            assertTrue(output.contains("Could not start: Could not read table main.crm.events from Databricks "
                    + "localhost/sql/1.0/warehouses/abc123 (" + auth + ", workspace cloud not recognised from the host name): "), auth + ": " + output);
            assertTrue(output.contains("https://localhost:443"), auth + ": the driver's reason does not name the host: " + output);
            for (String secret : List.of(clientSecret, token, insiderToken)) {
                assertFalse(output.contains(secret), auth + ": the output shows " + secret + ": " + output);
            }
        }
        assertFalse(Files.exists(state.resolve("deadletter")), "a failed start wrote dead letters");
    }

    @Test
    void aMappingWithoutASourceIsAnErrorNotTheDemo() throws Exception {
        assertEquals(2, cli.run("--once", "--config", config("mapping.identifiers.email=email").toString()));
        assertTrue(cli.err().contains("source.kind is not set"), cli.err());
    }

    @Test
    void unknownOptionsAndMissingConfigFilesAreUsageErrors() {
        assertEquals(2, cli.run("--twice"));
        assertTrue(cli.err().contains("Unknown option --twice") && cli.err().contains("Usage:"), cli.err());
        assertEquals(2, cli.run("--config", state.resolve("missing.properties").toString()));
        assertTrue(cli.err().contains("is not a readable file"), cli.err());
        assertEquals(0, cli.run("--help"));
        assertTrue(cli.out().contains("--once"), cli.out());
    }

    @Test
    void replayExitsZeroWithItsSummaryOrOneWhenInsiderRefusesTheCredentials() throws Exception {
        ChangeTable.empty().profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        InsiderStandIn.answer(aResponse().withStatus(400).withBody("{\"error\":\"bad request\"}"));
        Path config = jdbcConfig();
        assertEquals(0, cli.run("--once", "--config", config.toString()), cli.err());
        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withStatus(403).withBody("{\"error\":\"forbidden\"}"));

        assertEquals(1, cli.run("--replay", "--config", config.toString()));
        assertTrue(cli.err().contains("Replay failed: Insider refused the credentials (HTTP 403)"), cli.err());

        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        assertEquals(0, cli.run("--replay", "--config", config.toString()), cli.err());
        assertEquals("replay purchase_changes: records 1, users delivered 1, dead-lettered again 0, requests 1", cli.out().strip());
    }

    @Test
    void replayIsAUsageErrorWithOnceOrInDryRun() throws Exception {
        assertEquals(2, cli.run("--replay", "--once"));
        assertTrue(cli.err().contains("--once, --replay and --verify cannot be combined"), cli.err());
        ChangeTable.empty();
        assertEquals(2, cli.run("--replay", "--config", jdbcConfig("insider.dry-run=true", "insider.outbox-dir=" + state.resolve("outbox")).toString()));
        assertTrue(cli.err().contains("insider.dry-run"), cli.err());
    }

    /** Two tables: purchases (the change table, by email) and members (its own columns, by member_id). */
    private Path twoTablesConfig(String... extra) throws IOException, SQLException {
        ChangeTable.empty().profile(1, "insert", "p-a", "ann@example.com", "Ann", null);
        MemberTable.empty();
        MemberTable.member(1, "m-7", "bob@example.com", "gold");
        return sourceAndInsiderConfig(Stream.concat(Stream.of(
                "syncs.purchases.table=" + ChangeTable.NAME,
                "syncs.purchases.key-columns=line_id",
                "syncs.purchases.mapping.identifiers.email=email",
                "syncs.purchases.mapping.attributes.name=first_name",
                "syncs.members.table=" + MemberTable.NAME,
                "syncs.members.key-columns=member_id",
                "syncs.members.mapping.identifiers.custom.member_id=member_id",
                "syncs.members.mapping.attributes.custom.tier=tier"), Stream.of(extra)).toArray(String[]::new));
    }

    @Test
    void onceRunsEverySyncOneAfterTheOtherOrOnlyTheOneNamed() throws Exception {
        InsiderStandIn.acceptAll();
        Path config = twoTablesConfig();

        assertEquals(0, cli.run("--once", "--config", config.toString()), cli.err());
        List<String> summaries = cli.out().strip().lines().toList();
        assertEquals(2, summaries.size(), cli.out());
        assertTrue(summaries.get(0).startsWith("sync " + MemberTable.NAME + ": window 0..1"), summaries.get(0));
        assertTrue(summaries.get(1).startsWith("sync " + ChangeTable.NAME + ": window 0..1"), summaries.get(1));
        assertEquals(2, InsiderStandIn.requests().size(), cli.out());
        assertTrue(Files.exists(state.resolve("data/members/checkpoint-" + MemberTable.NAME + ".json")));
        assertTrue(Files.exists(state.resolve("data/purchases/checkpoint-" + ChangeTable.NAME + ".json")));

        MemberTable.member(2, "m-8", "cy@example.com", "silver");
        ChangeTable.empty().profile(2, "insert", "p-b", "bea@example.com", "Bea", null);
        assertEquals(0, cli.run("--once", "--sync", "members", "--config", config.toString()), cli.err());
        assertTrue(cli.out().strip().startsWith("sync " + MemberTable.NAME + ": window 2..2"), cli.out());
        assertEquals(1, cli.out().strip().lines().count(), cli.out());
    }

    @Test
    void aFailingSyncDoesNotKeepTheOtherFromRunningButTheExitCodeSaysSo() throws Exception {
        InsiderStandIn.acceptAll();
        Path config = twoTablesConfig();
        Path membersCheckpoint = Files.createDirectories(state.resolve("data/members")).resolve("checkpoint-" + MemberTable.NAME + ".json");
        Files.writeString(membersCheckpoint, "{not json");

        assertEquals(1, cli.run("--once", "--config", config.toString()), cli.out() + cli.err());
        assertTrue(cli.err().contains("Sync members failed: ") && cli.err().contains(membersCheckpoint.toString()), cli.err());
        assertTrue(cli.out().strip().startsWith("sync " + ChangeTable.NAME + ": window 0..1"), "purchases still ran: " + cli.out());
        assertEquals(1, InsiderStandIn.requests().size());
    }

    @Test
    void aWrongSettingOfOneSyncStopsStartUpNamingTheSync() throws Exception {
        Path config = twoTablesConfig();
        try (Connection connection = DriverManager.getConnection(ChangeTable.URL);
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE \"" + MemberTable.NAME + "\" DROP COLUMN \"tier\"");
        }

        assertEquals(2, cli.run("--once", "--config", config.toString()));
        assertTrue(cli.err().contains("Sync members (settings syncs.members.*): ") && cli.err().contains("tier"), cli.err());
        assertEquals(0, InsiderStandIn.requests().size());
    }

    @Test
    void commandsThatActOnOneTableNeedSyncAndAnUnknownSyncIsNamed() throws Exception {
        Path config = twoTablesConfig();

        assertEquals(2, cli.run("--resync", "--config", config.toString()));
        assertTrue(cli.err().contains("--resync acts on one table: add --sync NAME, one of members, purchases"), cli.err());
        assertEquals(2, cli.run("--resync", "--once", "--config", config.toString()));
        assertTrue(cli.err().contains("--resync acts on one table: add --sync NAME, one of members, purchases"), cli.err());
        assertFalse(Files.exists(state.resolve("data/purchases/checkpoint-" + ChangeTable.NAME + ".json")), "--resync --once reset a table");
        assertEquals(2, cli.run("--replay", state.resolve("x.jsonl").toString(), "--config", config.toString()));
        assertTrue(cli.err().contains("--replay FILE acts on one table"), cli.err());
        assertEquals(2, cli.run("--once", "--sync", "orders", "--config", config.toString()));
        assertTrue(cli.err().contains("--sync orders: there is no such sync; the syncs are members, purchases"), cli.err());
        assertEquals(2, cli.run("--sync", "members", "--config", config.toString()));
        assertTrue(cli.err().contains("--sync goes with --once"), cli.err());

        assertEquals(0, cli.run("--resync", "--sync", "members", "--config", config.toString()), cli.err());
        assertTrue(cli.out().contains(MemberTable.NAME), cli.out());
        assertTrue(Files.readString(state.resolve("data/members/checkpoint-" + MemberTable.NAME + ".json")).contains("resync_requested"));
        assertFalse(Files.exists(state.resolve("data/purchases/checkpoint-" + ChangeTable.NAME + ".json")), "the other table is left alone");
    }

    @Test
    void oneTableNamedByTwoSyncsIsAConfigurationError() throws Exception {
        assertEquals(2, cli.run("--once", "--config", twoTablesConfig("syncs.members.table=" + ChangeTable.NAME,
                "syncs.members.key-columns=line_id", "syncs.members.mapping.identifiers.custom.member_id=line_id",
                "syncs.members.mapping.attributes.custom.tier=loyalty_tier").toString()));
        assertTrue(cli.err().contains("syncs.members.table and syncs.purchases.table both name " + ChangeTable.NAME), cli.err());
    }
}
