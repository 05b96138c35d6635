package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.FreshStart;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.PerRowRoutes;
import io.insidersync.support.TestState;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The README's examples of per-row steps, each written into a copy of the real routes where {@code sync.camel.yaml}
 * marks their place, run on an H2 change table against the stand-in Insider.
 */
@CamelMainTest(mainClass = SyncApplication.class, propertyPlaceholderLocations = {"classpath:sync-test.properties", "file:application.properties"})
class PerRowStepsTest {

    static final WireMockServer INSIDER = InsiderStandIn.server();
    static final java.nio.file.Path STATE = TestState.dir();

    static {
        ChangeTable.exists();
    }

    @EndpointInject("direct:sync-run")
    ProducerTemplate sync;

    ChangeTable table;

    @BeforeEach
    void freshState() throws Exception {
        table = FreshStart.everything();
    }

    String runSync() {
        Exchange result = sync.request("direct:sync-run", exchange -> { });
        assertNull(result.getException(), () -> "run failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    /** Each user Insider received, by email, with the attributes it was sent. */
    static Map<String, JsonNode> received() {
        Map<String, JsonNode> users = new TreeMap<>();
        InsiderStandIn.bodies().forEach(body -> body.get("users").forEach(user -> users.put(user.path("identifiers").path("email").asText(),
                user.path("attributes"))));
        return users;
    }

    @Nested
    @CamelMainTest(properties = "camel.main.routes-include-pattern=file:{{sys:test.routes.drop}}/*.camel.yaml")
    class DroppingRows {

        static {
            PerRowRoutes.write("test.routes.drop", """
                    # Rows of test accounts are not sent.
                    - filter:
                        simple: "${body[email]} ends with '@test.example.com'"
                        steps:
                          - stop: {}
                    """);
        }

        @Test
        void aRowStoppedByAFilterIsNotSentTheRowsAfterItAreAndTheWindowCompletesWhenItsLastRowsAreDropped() throws Exception {
            // In the window's order (by email): Ann, Bea (dropped), Bob, Zed (dropped, the window's last row).
            table.profile(1, "insert", "p-a", "ann@example.com", "Ann", null)
                    .purchase(1, "o-1", "ann@example.com", "O-1", "P-1", "EUR", 1, "9.90")
                    .profile(1, "insert", "p-t", "bea@test.example.com", "Bea", null)
                    .profile(1, "insert", "p-b", "bob@example.com", "Bob", null)
                    .profile(1, "insert", "p-z", "zed@test.example.com", "Zed", null);

            String summary = runSync();

            assertEquals(List.of("ann@example.com", "bob@example.com"), new ArrayList<>(received().keySet()), summary);
            assertEquals(1, InsiderStandIn.requests().size());
            assertEquals(1, TestState.checkpointVersion(), "the window completed");
        }
    }

    @Nested
    @CamelMainTest(properties = {"camel.main.routes-include-pattern=file:{{sys:test.routes.fail}}/*.camel.yaml", "insider.batch-max-users=1",
            "insider.concurrency=1"})
    class FailingOnARow {

        static {
            PerRowRoutes.write("test.routes.fail", """
                    - filter:
                        simple: "${body[email]} == 'bob@example.com'"
                        steps:
                          - throwException:
                              exceptionType: java.lang.IllegalStateException
                              message: "no Bob today"
                    """);
        }

        @Test
        void aRowThatFailsFailsTheRunNoLaterRowIsSentAndTheCheckpointStays() throws Exception {
            for (int i = 1; i <= 4; i++) {
                table.profile(1, "insert", "p-a" + i, "a" + i + "@example.com", "A" + i, null);
            }
            table.profile(1, "insert", "p-b", "bob@example.com", "Bob", null)
                    .profile(1, "insert", "p-c", "cem@example.com", "Cem", null)
                    .profile(1, "insert", "p-d", "dan@example.com", "Dan", null);

            Exchange result = sync.request("direct:sync-run", exchange -> { });

            assertTrue(String.valueOf(result.getException()).contains("no Bob today"), "the run failed with the row's failure: " + result.getException());
            // One user a request: the first ones went on while the window was read, before Bob's row failed; nothing of
            // Bob or of the rows after him.
            List<String> sent = new ArrayList<>(received().keySet());
            assertTrue(sent.contains("a1@example.com") && sent.stream().allMatch(email -> email.matches("a[1-4]@example.com")), "sent: " + sent);
            assertTrue(TestState.checkpointVersion() < 1, "the window was not committed: " + TestState.checkpointVersion());
        }
    }

    @Nested
    @CamelMainTest(properties = "camel.main.routes-include-pattern=file:{{sys:test.routes.change}}/*.camel.yaml")
    class ChangingAColumn {

        static {
            PerRowRoutes.write("test.routes.change", """
                    # The loyalty tier is sent in capitals, whatever case the table holds it in.
                    - script:
                        simple: "${body.put('loyalty_tier', ${body[loyalty_tier].toUpperCase()})}"
                    """);
        }

        @Test
        void aColumnChangedByAStepIsSentChanged() throws Exception {
            table.profile(1, "insert", "p-a", "ann@example.com", "Ann", "gold");

            runSync();

            assertEquals("GOLD", received().get("ann@example.com").path("custom").path("loyalty_tier").asText());
        }
    }

    @Nested
    @CamelMainTest(properties = "camel.main.routes-include-pattern=file:{{sys:test.routes.call}}/*.camel.yaml")
    class CallingAnotherRoute {

        static {
            PerRowRoutes.write("test.routes.call", """
                    # Each row goes through a route of your own, in routes/enrich.camel.yaml.
                    - to: direct:enrich
                    """, "enrich.camel.yaml", """
                    # A row without a loyalty tier gets Bronze.
                    - route:
                        id: enrich
                        from:
                          uri: direct:enrich
                          steps:
                            - filter:
                                simple: "${body[loyalty_tier]} == null"
                                steps:
                                  - script:
                                      simple: "${body.put('loyalty_tier', 'Bronze')}"
                    """);
        }

        @Test
        void aRowSentThroughAnotherRouteComesBackChanged() throws Exception {
            table.profile(1, "insert", "p-a", "ann@example.com", "Ann", null)
                    .profile(1, "insert", "p-b", "bob@example.com", "Bob", "Gold");

            runSync();

            assertEquals("Bronze", received().get("ann@example.com").path("custom").path("loyalty_tier").asText());
            assertEquals("Gold", received().get("bob@example.com").path("custom").path("loyalty_tier").asText());
        }
    }
}
