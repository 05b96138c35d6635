package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.insidersync.support.ChangeTable;
import io.insidersync.support.Eventually;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.SyncProcess;
import io.insidersync.support.TestState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGTERM to a sync in a child JVM, as Kubernetes sends when it ends a pod: nothing new is sent, the requests in
 * flight are answered and recorded, the process says where it stopped and ends, and the next run sends the rest with
 * nothing sent twice. Insider answers each request after a second, so a run of 40 requests is still going when the
 * signal comes.
 */
class StopOnSignalTest {

    private static final int USERS = 40;
    private static final int CONCURRENCY = 2;
    private static final String ACCEPTED = "{\"data\":{\"successful\":{\"count\":1},\"fail\":{}}}";

    @TempDir
    Path dir;

    @Test
    void aOneShotRunStopsOnSigtermWithWhatItSentRecorded() throws Exception {
        stopsOnSigtermAndTheNextRunSendsTheRest("--once");
    }

    @Test
    void aServiceStopsOnSigtermWithWhatItSentRecorded() throws Exception {
        stopsOnSigtermAndTheNextRunSendsTheRest();
    }

    @Test
    void aRequestUnansweredAtTheStopTimeoutDoesNotKeepTheProcess() throws Exception {
        String database = "jdbc:h2:file:" + dir.resolve("source").toAbsolutePath();
        ChangeTable table = ChangeTable.empty(database);
        table.manyProfiles(1, 3, "");
        table.close();
        InsiderStandIn.reset();
        // Insider takes a minute to answer; the process may wait 2 s for it (sync.stop-timeout-seconds=2).
        InsiderStandIn.answer(aResponse().withStatus(200).withFixedDelay(60_000).withBody(ACCEPTED));
        Path settings = writeSettings(database);
        Files.writeString(settings, "sync.stop-timeout-seconds=2\n", java.nio.file.StandardOpenOption.APPEND);
        Path log = dir.resolve("slow-run.log");
        Process sync = start(settings, log, "--once");
        Eventually.await("the first request or the end of the run", Duration.ofSeconds(60),
                () -> !InsiderStandIn.requests().isEmpty() || !sync.isAlive());
        sync.destroy();

        assertTrue(sync.waitFor(20, TimeUnit.SECONDS), "the sync waited for Insider's answer past sync.stop-timeout-seconds");
        String output = Files.readString(log);
        assertEquals(143, sync.exitValue(), output);
        assertTrue(output.contains("Still not stopped after 2 s (sync.stop-timeout-seconds)"), output);
        InsiderStandIn.reset();
    }

    private void stopsOnSigtermAndTheNextRunSendsTheRest(String... command) throws Exception {
        String database = "jdbc:h2:file:" + dir.resolve("source").toAbsolutePath();
        ChangeTable table = ChangeTable.empty(database);
        table.manyProfiles(1, USERS, "");
        table.close();
        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withStatus(200).withFixedDelay(1000).withBody(ACCEPTED));
        Path settings = writeSettings(database);

        Path log = dir.resolve("stopped-run.log");
        Process sync = start(settings, log, command);
        Eventually.await("the third request or the end of the run", Duration.ofSeconds(60),
                () -> InsiderStandIn.requests().size() >= 3 || !sync.isAlive());
        assertTrue(InsiderStandIn.requests().size() >= 3, "the run did not get going: " + Files.readString(log));
        int receivedAtSignal = InsiderStandIn.requests().size();
        sync.destroy();

        assertTrue(sync.waitFor(30, TimeUnit.SECONDS), "the sync did not stop within 30 s of SIGTERM");
        String output = Files.readString(log);
        assertEquals(143, sync.exitValue(), output);
        assertTrue(output.contains("Asked to stop (SIGTERM)"), output);
        assertTrue(output.contains("Stopped: sync " + ChangeTable.NAME + ": window 0..1"), output);
        assertTrue(!output.contains("Still not stopped"), "the requests under way were not waited for: " + output);
        System.out.println("stop test " + List.of(command) + ":\n" + output.lines().filter(line -> line.contains("stop") || line.contains("Stop")
                || line.contains("failed")).reduce("", (a, b) -> a + b + "\n"));
        List<String> firstRun = emailsReceived();
        assertTrue(firstRun.size() <= receivedAtSignal + CONCURRENCY, firstRun.size() + " requests after " + receivedAtSignal
                + " at the signal: batches were admitted after it");
        assertTrue(firstRun.size() < USERS, "the run sent the whole window after SIGTERM");
        // Every request of the first run was answered within its second: each is recorded as acknowledged.
        Set<String> acknowledged = acknowledgedEmails();
        assertEquals(new HashSet<>(firstRun), acknowledged, "what Insider took and what the state records differ");

        InsiderStandIn.reset();
        InsiderStandIn.answer(aResponse().withStatus(200).withBody(ACCEPTED));
        Process next = start(settings, dir.resolve("next-run.log"), "--once");
        assertTrue(next.waitFor(120, TimeUnit.SECONDS), "the next run did not finish");
        assertEquals(0, next.exitValue(), Files.readString(dir.resolve("next-run.log")));
        List<String> secondRun = emailsReceived();
        Set<String> all = new HashSet<>(firstRun);
        for (String email : secondRun) {
            assertTrue(all.add(email), email + " was sent twice");
        }
        assertEquals(USERS, all.size(), "users never sent");
    }

    private static List<String> emailsReceived() {
        List<String> emails = new ArrayList<>();
        InsiderStandIn.bodies().forEach(body -> body.get("users").forEach(user -> emails.add(user.at("/identifiers/email").asText())));
        return emails;
    }

    /** The users of the batches the state file records as acknowledged (one user a batch, in e-mail order). */
    private Set<String> acknowledgedEmails() throws IOException {
        Set<String> emails = new HashSet<>();
        for (long batch : TestState.acknowledgedBatches(dir.resolve("state").resolve("checkpoint-" + ChangeTable.NAME + ".json"))) {
            emails.add(String.format("user%05d@example.com", batch));
        }
        return emails;
    }

    private Path writeSettings(String database) throws IOException {
        Path file = dir.resolve("stop-test.properties");
        Files.writeString(file, String.join("\n",
                "source.kind=jdbc",
                "source.jdbc-url=" + database,
                "sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id",
                "sync.start=snapshot",
                "sync.state-dir=" + dir.resolve("state"),
                // As a service: a run at once (every second), and health on a port of its own.
                "sync.schedule=* * * * * ?",
                "camel.management.port=0",
                "mapping.identifiers.email=email",
                "mapping.attributes.name=first_name",
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=testpartner",
                "insider.request-token=test-secret-token",
                "insider.batch-max-users=1",
                "insider.concurrency=" + CONCURRENCY,
                ""));
        return file;
    }

    private static Process start(Path settings, Path output, String... command) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--config", settings.toString()));
        arguments.addAll(List.of(command));
        return SyncProcess.start(output, arguments.toArray(String[]::new));
    }
}
