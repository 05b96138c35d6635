package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
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
import java.util.function.Predicate;

import io.insidersync.support.ChangeTable;
import io.insidersync.support.InsiderStandIn;
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

    /** Starts the sync on a daily schedule whose next fire is hours away, its last run three days ago: three fires missed. */
    private void startAfterThreeMissedFires() throws Exception {
        String database = "jdbc:h2:file:" + dir.resolve("source") + ";AUTO_SERVER=TRUE";
        ChangeTable.empty(database).profile(1, "insert", "p-a", "ann@example.com", "Ann", null);
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("schedule-" + ChangeTable.NAME + ".json"),
                "{\"table\":\"" + ChangeTable.NAME + "\",\"last_run_started_at\":\"" + Instant.now().minus(Duration.ofDays(3)) + "\"}");
        ZonedDateTime farFromNow = ZonedDateTime.now(ZoneOffset.UTC).plusHours(12);
        port = freePort();
        Path settings = dir.resolve("service.properties");
        Files.writeString(settings, String.join("\n",
                "source.kind=jdbc",
                "source.jdbc-url=" + database,
                "sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id",
                "sync.state-dir=" + state,
                "sync.schedule=daily@" + String.format("%02d:%02d", farFromNow.getHour(), farFromNow.getMinute()),
                "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name",
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=testpartner",
                "insider.request-token=test-secret-token",
                "insider.max-retries=0",
                "camel.management.port=" + port,
                ""));
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

        String metrics = await("/observe/metrics", body -> body.contains("sync_run_seconds_count{outcome=\"success\""));
        Thread.sleep(3000);
        metrics = get("/observe/metrics").body();

        assertTrue(metrics.contains("sync_run_seconds_count{outcome=\"success\",table=\"purchase_changes\"} 1"), "one run for three missed fires: " + metrics);
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

    private String await(String path, Predicate<String> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            if (!sync.isAlive()) {
                throw new AssertionError("the sync exited with " + sync.exitValue() + ": " + log());
            }
            try {
                last = get(path).body();
                if (condition.test(last)) {
                    return last;
                }
            } catch (IOException notListeningYet) {
                // the management server is not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not seen within 60 s at " + path + ": " + last + "\n" + log());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("service.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
