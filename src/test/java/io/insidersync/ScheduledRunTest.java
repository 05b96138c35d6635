package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.insidersync.support.ChangeTable;
import io.insidersync.support.Eventually;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.MemberTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program as a long-running service, in a JVM of its own: a schedule fire missed while it was down runs once at
 * start-up (not once per missed fire), and health and Prometheus metrics are served on the management port.
 */
class ScheduledRunTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The catch-up route's one exchange has ended: the runs it started (synchronously) are over. */
    private static final String CATCH_UP_DONE = "camel_exchanges_succeeded_total{camelContext=\"databricks-insider-sync\",eventType=\"route\","
            + "kind=\"CamelRoute\",routeId=\"sync-catch-up\"} 1.0";
    private static final String SCHEDULE_NEVER_FIRED = "camel_exchanges_total{camelContext=\"databricks-insider-sync\",eventType=\"route\","
            + "kind=\"CamelRoute\",routeId=\"sync-schedule\"} 0.0";

    @TempDir
    Path dir;

    private Process sync;
    private int port;

    @BeforeEach
    void insiderAcceptsAll() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (sync != null) {
            sync.destroy();
            sync.waitFor();
        }
    }

    private String database() {
        return "jdbc:h2:file:" + dir.resolve("source") + ";AUTO_SERVER=TRUE";
    }

    /** Records that the table's last run started three days ago. */
    private static void lastRunThreeDaysAgo(Path state, String table) throws IOException {
        Files.createDirectories(state);
        Files.writeString(state.resolve("schedule-" + table + ".json"),
                "{\"table\":\"" + table + "\",\"last_run_started_at\":\"" + Instant.now().minus(Duration.ofDays(3)) + "\"}");
    }

    /** A daily schedule whose next fire is hours away. */
    private static String dailyFarFromNow() {
        ZonedDateTime farFromNow = ZonedDateTime.now(ZoneOffset.UTC).plusHours(12);
        return "daily@" + String.format("%02d:%02d", farFromNow.getHour(), farFromNow.getMinute());
    }

    /** Starts the sync on a daily schedule whose next fire is hours away, its last run three days ago: three fires missed. */
    private void startAfterThreeMissedFires() throws Exception {
        ChangeTable.empty(database()).profile(1, "insert", "p-a", "ann@example.com", "Ann", null);
        lastRunThreeDaysAgo(dir.resolve("state"), ChangeTable.NAME);
        start("sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id",
                "sync.schedule=" + dailyFarFromNow(),
                "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name");
    }

    /**
     * Starts the program on its schedules as a service in a JVM of its own: these tables, the H2 file database as source,
     * state under dir/state, the stand-in as Insider, health and metrics on a free port.
     */
    private void start(String... tables) throws IOException {
        port = freePort();
        Path settings = dir.resolve("service.properties");
        List<String> lines = new ArrayList<>(List.of(
                "source.kind=jdbc",
                "source.jdbc-url=" + database(),
                "sync.state-dir=" + dir.resolve("state"),
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=testpartner",
                "insider.request-token=test-secret-token",
                "insider.max-retries=0",
                "camel.management.port=" + port));
        lines.addAll(List.of(tables));
        Files.write(settings, lines);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        sync = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SyncApplication.class.getName(), "--config", settings.toString())
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile())
                .start();
    }

    @Test
    void aFireMissedWhileDownRunsOnceAtStartUpAndMetricsCountIt() throws Exception {
        startAfterThreeMissedFires();

        String metrics = await("/observe/metrics", body -> body.contains(CATCH_UP_DONE));

        assertTrue(metrics.contains("sync_run_seconds_count{outcome=\"success\",table=\"purchase_changes\"} 1\n"), "one run for three missed fires: " + metrics);
        assertTrue(metrics.contains(SCHEDULE_NEVER_FIRED), "the schedule fired as well: " + metrics);
        assertEquals(1, InsiderStandIn.requests().size(), log());
        assertTrue(metrics.contains("sync_rows_read_total{table=\"purchase_changes\"} 1.0"), metrics);
        assertTrue(metrics.contains("sync_users_sent_total{table=\"purchase_changes\"} 1.0"), metrics);
        assertTrue(metrics.contains("sync_requests_total{status=\"200\",table=\"purchase_changes\"} 1.0"), metrics);
        assertTrue(metrics.contains("sync_lag_versions{table=\"purchase_changes\"} 0.0"), metrics);
        HttpResponse<String> ready = get("/observe/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("last-run-purchase_changes"), ready.body());
        assertEquals(200, get("/observe/health/live").statusCode());
    }

    @Test
    void aFailedRunTakesReadinessDownAndCountsTheRefusal() throws Exception {
        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withStatus(403).withBody("{\"error\":\"forbidden\"}"));
        startAfterThreeMissedFires();

        String ready = await("/observe/health/ready", body -> body.contains("\"name\":\"last-run-purchase_changes\",\"status\":\"DOWN\""));

        assertTrue(ready.contains("Insider refused the credentials"), ready);
        assertEquals(503, get("/observe/health/ready").statusCode());
        assertEquals(200, get("/observe/health/live").statusCode(), "a failed run is not a reason to restart the program");
        String metrics = get("/observe/metrics").body();
        assertTrue(metrics.contains("sync_requests_total{status=\"403\",table=\"purchase_changes\"} 1.0"), metrics);
        assertTrue(metrics.contains("sync_last_run_success{table=\"purchase_changes\"} 0.0"), metrics);
        assertTrue(metrics.contains("sync_lag_versions{table=\"purchase_changes\"} 2.0"), "versions 0 and 1 are still to sync: " + metrics);
    }

    @Test
    void severalTablesRunSideBySideEachOnItsOwnScheduleWithTheirOwnHealthAndMetrics() throws Exception {
        ChangeTable.empty(database()).profile(1, "insert", "p-a", "ann@example.com", "Ann", null).close();
        MemberTable.empty(database());
        MemberTable.member(database(), 1, "m-7", "bob@example.com", "gold");
        // members: daily, far from now, but its last run was three days ago: one catch-up run at start-up, in its own folder.
        Path membersState = dir.resolve("state/members");
        lastRunThreeDaysAgo(membersState, MemberTable.NAME);
        start(
                // purchases: every 2 seconds; no state of its own yet, so its first run waits for the schedule.
                "syncs.purchases.table=" + ChangeTable.NAME,
                "syncs.purchases.key-columns=line_id",
                "syncs.purchases.schedule=0/2 * * * * ?",
                "syncs.purchases.mapping.identifiers.email=email",
                "syncs.purchases.mapping.attributes.name=first_name",
                "syncs.members.table=" + MemberTable.NAME,
                "syncs.members.key-columns=member_id",
                "syncs.members.schedule=" + dailyFarFromNow(),
                "syncs.members.mapping.identifiers.custom.member_id=member_id",
                "syncs.members.mapping.attributes.custom.tier=tier");

        String purchasesRunTwice = "sync_run_seconds_count{outcome=\"success\",table=\"" + ChangeTable.NAME + "\"} 2";
        String metrics = await("/observe/metrics", body -> body.contains(purchasesRunTwice));

        assertTrue(metrics.contains("sync_run_seconds_count{outcome=\"success\",table=\"" + MemberTable.NAME + "\"} 1"),
                "members ran once, at start-up, for its missed fire: " + metrics);
        assertTrue(metrics.contains("sync_users_sent_total{table=\"" + MemberTable.NAME + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("sync_users_sent_total{table=\"" + ChangeTable.NAME + "\"} 1.0"), metrics);
        assertEquals(2, InsiderStandIn.requests().size(), log());
        assertTrue(Files.exists(dir.resolve("state/purchases/checkpoint-" + ChangeTable.NAME + ".json")), log());
        assertTrue(Files.exists(membersState.resolve("checkpoint-" + MemberTable.NAME + ".json")), log());
        HttpResponse<String> ready = get("/observe/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("last-run-" + ChangeTable.NAME) && ready.body().contains("last-run-" + MemberTable.NAME), ready.body());
    }

    private String await(String path, Predicate<String> condition) throws Exception {
        AtomicReference<String> last = new AtomicReference<>("");
        Eventually.await(() -> "the condition at " + path + "; last seen: " + last.get() + "\n" + log(), Duration.ofSeconds(60), () -> {
            if (!sync.isAlive()) {
                throw new AssertionError("the sync exited with " + sync.exitValue() + ": " + log());
            }
            try {
                last.set(get(path).body());
                return condition.test(last.get());
            } catch (IOException notListeningYet) {
                // the management server is not up yet
                return false;
            }
        });
        return last.get();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("service.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
