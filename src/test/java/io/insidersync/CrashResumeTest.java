package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.Eventually;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.SyncProcess;
import io.insidersync.support.TestState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the sync process ({@code kill -9} of a child JVM) at random points of a window of many batches, restarts it,
 * and checks what the stand-in Insider server received: every batch at least once, no batch the sync had recorded as
 * acknowledged ever again, and after each kill at most the batches that were in flight sent a second time.
 */
class CrashResumeTest {

    private static final int USERS = 600;
    private static final int USERS_PER_BATCH = 5;
    private static final int BATCHES = USERS / USERS_PER_BATCH;
    private static final int CONCURRENCY = 3;
    private static final int KILLS = 4;

    @TempDir
    Path dir;

    @Test
    void aKilledSyncResumesWithoutLosingOrResendingAcknowledgedBatches() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String database = "jdbc:h2:file:" + dir.resolve("source").toAbsolutePath();
        ChangeTable table = ChangeTable.empty(database);
        table.manyProfiles(1, USERS, "");
        table.close();
        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withStatus(200).withUniformRandomDelay(10, 60)
                .withBody("{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}"));
        Path settings = writeSettings(database);

        // The batches the state file held as acknowledged after each kill, and where each run's requests begin.
        List<Set<Long>> acknowledgedAfterKill = new ArrayList<>();
        List<Integer> runStarts = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            runStarts.add(InsiderStandIn.requests().size());
            int target = runStarts.get(kill) + 1 + random.nextInt(Math.max(1, (BATCHES - runStarts.get(kill)) / 2));
            Set<Socket> openBefore = InsiderStandIn.openConnections();
            Process sync = start(settings, dir.resolve("run-" + kill + ".log"));
            Eventually.await("request " + target + " or the end of the run", Duration.ofMinutes(2),
                    () -> !sync.isAlive() || InsiderStandIn.requests().size() >= target);
            // Not a wait for anything: the kill falls at a random moment after the target request.
            Thread.sleep(random.nextInt(40));
            sync.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            // A request already on the wire may still be logged by the server: the next run's requests begin once the
            // server has closed the killed process's connections.
            InsiderStandIn.awaitConnectionsClosedSince(openBefore, Duration.ofSeconds(30));
            acknowledgedAfterKill.add(acknowledged());
        }
        runStarts.add(InsiderStandIn.requests().size());
        Process last = start(settings, dir.resolve("last-run.log"));
        assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the last run did not finish");
        String output = Files.readString(dir.resolve("last-run.log"));
        assertEquals(0, last.exitValue(), "the last run failed (seed " + seed + "): " + output);
        runStarts.add(InsiderStandIn.requests().size());

        List<Long> received = InsiderStandIn.bodies().stream().map(CrashResumeTest::batchOf).toList();
        Map<Long, Integer> times = new HashMap<>();
        received.forEach(batch -> times.merge(batch, 1, Integer::sum));
        for (long batch = 0; batch < BATCHES; batch++) {
            assertTrue(times.containsKey(batch), "batch " + batch + " never arrived (seed " + seed + ")");
        }
        for (int run = 1; run <= KILLS; run++) {
            Set<Long> before = new HashSet<>(received.subList(0, runStarts.get(run)));
            List<Long> sentInRun = received.subList(runStarts.get(run), runStarts.get(run + 1));
            Set<Long> acknowledged = acknowledgedAfterKill.get(run - 1);
            long again = sentInRun.stream().filter(before::contains).distinct().count();
            for (long batch : sentInRun) {
                assertTrue(!acknowledged.contains(batch), "batch " + batch + " was acknowledged and sent again (seed " + seed + ")");
            }
            assertTrue(again <= CONCURRENCY, again + " batches sent again after kill " + run + ", more than could be in flight (seed " + seed + ")");
        }
        assertEquals(0, acknowledged().size(), "the finished window left progress behind");
        assertTrue(output.contains("sync " + ChangeTable.NAME + ": window 0..1"), output);
        System.out.println("crash test (seed " + seed + "): requests per run " + runStarts + ", acknowledged after each kill "
                + acknowledgedAfterKill.stream().map(Set::size).toList());
    }

    /** The batch a body is: the window sends users in e-mail order, USERS_PER_BATCH to a request. */
    private static long batchOf(JsonNode body) {
        String email = body.get("users").get(0).at("/identifiers/email").asText();
        int user = Integer.parseInt(email.substring("user".length(), email.indexOf('@')));
        assertEquals(USERS_PER_BATCH, body.get("users").size());
        return user / USERS_PER_BATCH;
    }

    /** The batches the state file records as acknowledged in the window in progress. */
    private Set<Long> acknowledged() throws IOException {
        return TestState.acknowledgedBatches(dir.resolve("state").resolve("checkpoint-" + ChangeTable.NAME + ".json"));
    }

    private Path writeSettings(String database) throws IOException {
        Path file = dir.resolve("crash-test.properties");
        Files.writeString(file, String.join("\n",
                "source.kind=jdbc",
                "source.jdbc-url=" + database,
                "sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id",
                "sync.start=snapshot",
                "sync.state-dir=" + dir.resolve("state"),
                "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name",
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=testpartner",
                "insider.request-token=test-secret-token",
                "insider.batch-max-users=" + USERS_PER_BATCH,
                "insider.concurrency=" + CONCURRENCY,
                ""));
        return file;
    }

    private static Process start(Path settings, Path output) throws IOException {
        return SyncProcess.start(output, "--once", "--config", settings.toString());
    }
}
