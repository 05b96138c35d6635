package io.insidersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insidersync.run.RunFailures;
import io.insidersync.source.Resync;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.FreshStart;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.TestState;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A state that does not belong to the table it is used with: a checkpoint beyond the table's latest version, or a
 * window in progress whose acknowledged batches are not the batches the window yields now. The real routes, an H2
 * change table, the stand-in Insider.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class StateMismatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Started before the settings are read: they name the stand-in's port and the state folder.
    static final java.nio.file.Path STATE = TestState.dir();

    static {
        InsiderStandIn.server();
        ChangeTable.exists();
    }

    @Produce("direct:sync-run")
    ProducerTemplate sync;

    @BeanInject
    CamelContext context;

    ChangeTable table;

    @BeforeEach
    void freshState() throws Exception {
        table = FreshStart.everything();
    }

    private Exchange runSync() {
        return sync.request("direct:sync-run", exchange -> { });
    }

    private String failure(Exchange result) {
        assertNotNull(result.getException(), "the run did not fail: " + result.getMessage().getBody(String.class));
        return RunFailures.describe(result.getException());
    }

    private static ObjectNode state() throws IOException {
        return (ObjectNode) JSON.readTree(TestState.checkpoint().toFile());
    }

    private static void write(JsonNode state) throws IOException {
        Files.write(TestState.checkpoint(), JSON.writeValueAsBytes(state));
    }

    private static List<String> emailsSent() {
        List<String> emails = new ArrayList<>();
        InsiderStandIn.bodies().forEach(body -> body.get("users").forEach(user -> emails.add(user.at("/identifiers/email").asText())));
        return emails;
    }

    private static String email(int user) {
        return String.format("user%05d@example.com", user);
    }

    @Test
    void aCheckpointAheadOfTheTableFailsTheRunNamingBothVersionsAndResync() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        Files.writeString(TestState.checkpoint(), "{\"table\":\"" + ChangeTable.NAME + "\",\"version\":99}");

        String failure = failure(runSync());

        assertEquals("The state of table " + ChangeTable.NAME + " does not match the table: its checkpoint is at version 99, but the table's "
                + "latest version is 1. The table was dropped and recreated, or sync.table names another table now. Run --resync to send the "
                + "table again from a snapshot (--resync --once does it at once); the state is " + TestState.checkpoint() + ".", failure);
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertEquals(99, TestState.checkpointVersion(), "the checkpoint was changed");

        // What the message says to do works.
        context.getRegistry().lookupByNameAndType("sync.resync", Resync.class).request();
        Exchange again = runSync();
        assertNull(again.getException(), () -> "the run after --resync failed: " + again.getException());
        assertEquals(List.of("a@example.com"), emailsSent());
        assertEquals(1, TestState.checkpointVersion());
    }

    @Test
    void aWindowInProgressBeyondTheTableFailsTheRunToo() throws Exception {
        table.profile(1, "insert", "p-a", "a@example.com", "Ann", null);
        Files.writeString(TestState.checkpoint(), "{\"table\":\"" + ChangeTable.NAME + "\",\"version\":4,\"window_in_progress\":{"
                + "\"from_version\":5,\"to_version\":7,\"snapshot\":false,\"batches_acknowledged_below\":2,\"batches_acknowledged\":[],"
                + "\"batch_settings\":{}}}");

        String failure = failure(runSync());

        assertTrue(failure.startsWith("The state of table " + ChangeTable.NAME + " does not match the table: its window in progress, 5..7, "
                + "ends at version 7, but the table's latest version is 1."), failure);
        assertTrue(failure.contains("Run --resync"), failure);
        assertTrue(InsiderStandIn.requests().isEmpty());
    }

    /** One user a request, one request at a time: a run that stops at a user has acknowledged exactly the batches before it. */
    @Nested
    @CamelMainTest(properties = {"insider.batch-max-users=1", "insider.concurrency=1"})
    class WithOneUserPerRequest {

        /** A run of these users (user00000 …) that Insider stops at one of them: every batch before it is acknowledged. */
        private void interruptedAt(int users, int refused) throws Exception {
            table.manyProfiles(1, users, "");
            InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).withRequestBody(containing(email(refused) + "\""))
                    .atPriority(1).willReturn(aResponse().withStatus(403)));
            assertNotNull(runSync().getException(), "the first run did not stop");
            JsonNode progress = state().path("window_in_progress");
            assertEquals(refused, progress.path("batches_acknowledged_below").asLong(), progress.toString());
            assertEquals(0, progress.path("batches_acknowledged").size(), progress.toString());
            InsiderStandIn.reset();
            InsiderStandIn.acceptAll();
        }

        @Test
        void progressClaimingMoreBatchesThanTheWindowHasStopsTheRunAndSendsNothing() throws Exception {
            interruptedAt(3, 2);
            ObjectNode state = state();
            ((ObjectNode) state.get("window_in_progress")).put("batches_acknowledged_below", 999);
            write(state);

            String failure = failure(runSync());

            assertTrue(failure.startsWith("Window 0..1 of table " + ChangeTable.NAME + " was interrupted after some of its batches were "
                    + "delivered, but reading it again does not give the same batches: it now yields 3 batches, but batch 998 was "
                    + "acknowledged."), failure);
            assertTrue(failure.contains("Run --resync") && failure.contains("remove \"window_in_progress\""), failure);
            assertTrue(InsiderStandIn.requests().isEmpty(), "sent: " + emailsSent());
        }

        @Test
        void aRowChangedSinceTheInterruptionStopsTheResumeBeforeAnythingIsSent() throws Exception {
            interruptedAt(5, 3);
            // A user who sorts first: every batch of the window now holds another user than when it was acknowledged.
            table.profile(1, "insert", "p-new", "a@example.com", "Ada", null);

            String failure = failure(runSync());

            assertTrue(failure.contains("does not give the same batches: its first 3 batches, when they were acknowledged, held other rows than they do now"),
                    failure);
            assertTrue(InsiderStandIn.requests().isEmpty(), "sent: " + emailsSent());
            assertEquals(3, state().path("window_in_progress").path("batches_acknowledged_below").asLong(), "the progress was changed");
        }

        @Test
        void anAcknowledgedBatchAboveTheBoundaryWhoseDigestDiffersStopsTheResume() throws Exception {
            interruptedAt(5, 3);
            ObjectNode state = state();
            ObjectNode progress = (ObjectNode) state.get("window_in_progress");
            progress.putArray("batches_acknowledged").add(4);
            progress.putObject("batches_acknowledged_digests").put("4", "00000000000000000000000000000000");
            write(state);

            String failure = failure(runSync());

            assertTrue(failure.contains("does not give the same batches: its batch 4, when it was acknowledged, held other rows than it does now"), failure);
            // Batch 3 was not acknowledged, and may go out before batch 4 is read; nothing else may.
            assertTrue(List.of(email(3)).containsAll(emailsSent()), "sent: " + emailsSent());
        }

        @Test
        void anUnchangedWindowResumesSkippingExactlyTheAcknowledgedBatches() throws Exception {
            interruptedAt(5, 3);
            assertTrue(state().path("window_in_progress").path("batches_acknowledged_below_digest").isTextual(), state().toString());

            Exchange result = runSync();

            assertNull(result.getException(), () -> "the resume failed: " + result.getException());
            assertEquals(List.of(email(3), email(4)), emailsSent());
            assertEquals(1, TestState.checkpointVersion());
        }

        @Test
        void progressSavedWithoutDigestsResumesByBatchNumbers() throws Exception {
            interruptedAt(5, 3);
            // As the release before digests wrote it.
            ObjectNode state = state();
            ((ObjectNode) state.get("window_in_progress")).remove(List.of("batches_acknowledged_below_digest", "batches_acknowledged_digests"));
            write(state);

            Exchange result = runSync();

            assertNull(result.getException(), () -> "the resume failed: " + result.getException());
            assertEquals(List.of(email(3), email(4)), emailsSent());
        }
    }

    /** Two users a request, so that a request Insider finds too large goes out as two halves. */
    @Nested
    @CamelMainTest(properties = {"insider.batch-max-users=2", "insider.concurrency=1"})
    class WithTwoUsersPerRequest {

        @Test
        void aBatchDeliveredInHalvesIsRecognisedAsTheBatchItWasOnResume() throws Exception {
            table.manyProfiles(1, 6, "");
            InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).withRequestBody(matchingJsonPath("$.users[1]"))
                    .withRequestBody(containing(email(0) + "\"")).atPriority(1)
                    .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"request body is bigger than maximum allowed size 5,000,000 bytes\"}")));
            InsiderStandIn.server().stubFor(post(urlEqualTo(InsiderStandIn.PATH)).withRequestBody(containing(email(4) + "\""))
                    .atPriority(1).willReturn(aResponse().withStatus(403)));
            assertNotNull(runSync().getException(), "the first run did not stop");
            assertTrue(InsiderStandIn.bodies().stream().anyMatch(body -> body.get("users").size() == 1
                    && body.at("/users/0/identifiers/email").asText().equals(email(0))), "batch 0 did not go out in halves");
            assertEquals(2, state().path("window_in_progress").path("batches_acknowledged_below").asLong(), state().toString());
            InsiderStandIn.reset();
            InsiderStandIn.acceptAll();

            Exchange result = runSync();

            assertNull(result.getException(), () -> "the resume failed: " + result.getException());
            assertEquals(List.of(email(4), email(5)), emailsSent());
        }
    }
}
