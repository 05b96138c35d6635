package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.insidersync.support.ChangeTable;
import io.insidersync.support.FreshStart;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.JsonLines;
import io.insidersync.support.MemberTable;
import io.insidersync.support.TestState;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.BeanInject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tables in one deployment (several-tables-test.properties: syncs.purchases.… and syncs.members.…), each built from
 * the same route templates with its own mapping, key columns, schedule, senders, checkpoint and dead-letter folder.
 */
@CamelMainTest(mainClass = SyncApplication.class,
        propertyPlaceholderLocations = {"classpath:several-tables-test.properties", "file:application.properties"})
class SeveralTablesTest {

    static final WireMockServer INSIDER = InsiderStandIn.server();
    static final Path STATE = TestState.dir();

    static {
        // Each sync checks its table's columns against its mapping when it starts.
        ChangeTable.exists();
        MemberTable.empty();
    }

    @BeanInject
    CamelContext context;

    ChangeTable purchases;

    @BeforeEach
    void freshState() throws Exception {
        purchases = FreshStart.everything();
        MemberTable.empty();
    }

    private String run(String sync) {
        ProducerTemplate producer = context.createProducerTemplate();
        Exchange result = producer.request("direct:" + sync + "-run", exchange -> { });
        assertNull(result.getException(), () -> sync + " failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    private static List<JsonNode> users() {
        List<JsonNode> users = new ArrayList<>();
        InsiderStandIn.bodies().forEach(body -> body.get("users").forEach(users::add));
        return users;
    }

    @Test
    void eachTableIsSentWithItsOwnMappingAndKeepsItsOwnCheckpoint() throws Exception {
        purchases.purchase(1, "l-1", "ann@example.com", "o-1", "p-1", "EUR", 2, "9.50")
                .purchase(1, "l-2", "ann@example.com", "o-1", "p-2", "EUR", 1, "3.00");
        MemberTable.member(1, "m-7", "bob@example.com", "gold");
        MemberTable.member(2, "m-8", "cy@example.com", "silver");

        String purchasesSummary = run("purchases");
        assertTrue(purchasesSummary.startsWith("sync purchase_changes: "), purchasesSummary);
        assertEquals(1, users().size(), "only the purchases table's user was sent by its run");
        JsonNode ann = users().get(0);
        assertEquals("ann@example.com", ann.path("identifiers").path("email").asText());
        assertEquals(2, ann.path("events").size(), "the basket's two lines");
        assertFalse(ann.has("attributes") && ann.path("attributes").path("custom").has("tier"), "the members mapping leaked into purchases");

        String membersSummary = run("members");
        assertTrue(membersSummary.startsWith("sync member_changes: "), membersSummary);
        List<JsonNode> members = users().stream().filter(user -> user.path("identifiers").path("custom").has("member_id")).toList();
        assertEquals(2, members.size(), "both members, identified by their own key column");
        JsonNode bob = members.stream().filter(user -> user.path("identifiers").path("custom").path("member_id").asText().equals("m-7"))
                .findFirst().orElseThrow();
        assertEquals("bob@example.com", bob.path("attributes").path("email").asText());
        assertEquals("gold", bob.path("attributes").path("custom").path("tier").asText());
        assertFalse(bob.has("events"), "members carry attributes only");

        assertEquals(1, TestState.checkpointVersion(STATE.resolve("purchases/checkpoint-purchase_changes.json")));
        assertEquals(2, TestState.checkpointVersion(STATE.resolve("members/checkpoint-member_changes.json")));
        assertFalse(Files.exists(STATE.resolve("checkpoint-purchase_changes.json")), "a sync of several must not use the shared folder");
    }

    @Test
    void aRejectedRowGoesToItsOwnTablesDeadLetterFolderAndTheOtherTableIsUntouched() throws Exception {
        MemberTable.member(1, "m-1", "not-an-email", "gold");
        MemberTable.member(1, "m-2", "dee@example.com", "bronze");
        purchases.purchase(1, "l-1", "ann@example.com", "o-1", "p-1", "EUR", 2, "9.50");

        run("members");
        run("purchases");

        List<JsonNode> memberDeadLetters = JsonLines.read(STATE.resolve("member-dead-letters/member_changes.jsonl"));
        assertEquals(1, memberDeadLetters.size(), () -> memberDeadLetters.toString());
        assertEquals("member_changes", memberDeadLetters.get(0).path("table").asText());
        assertTrue(memberDeadLetters.get(0).path("reason").asText().contains("contact_email"), memberDeadLetters.get(0).toString());
        assertFalse(Files.exists(STATE.resolve("deadletter/purchases/purchase_changes.jsonl")), "the purchases table had nothing to set aside");
        assertEquals(2, users().size(), "dee and ann were delivered");
    }

    @Test
    void eachTableRunsOnItsOwnScheduleWithItsOwnSenders() {
        QuartzEndpoint purchasesSchedule = (QuartzEndpoint) route("purchases-schedule").getEndpoint();
        QuartzEndpoint membersSchedule = (QuartzEndpoint) route("members-schedule").getEndpoint();
        assertEquals("0 0 3 * * ?", purchasesSchedule.getCron());
        assertEquals("0 0 * * * ?", membersSchedule.getCron());
        assertTrue(purchasesSchedule.getEndpointUri().contains("trigger.timeZone=UTC"), purchasesSchedule.getEndpointUri());
        assertTrue(membersSchedule.getEndpointUri().contains("trigger.timeZone=Europe%2FIstanbul")
                || membersSchedule.getEndpointUri().contains("trigger.timeZone=Europe/Istanbul"), membersSchedule.getEndpointUri());
        // insider.concurrency senders, and insider.outage-after-failed-requests - 1 (3 - 1) more for requests awaiting their verdict.
        assertEquals(4 + 2, ((SedaEndpoint) route("purchases-deliver-batch").getEndpoint()).getConcurrentConsumers());
        assertEquals(1 + 2, ((SedaEndpoint) route("members-deliver-batch").getEndpoint()).getConcurrentConsumers());
        assertNull(context.getRoute("sync-run"), "no top-level sync when tables are declared as syncs.<name>");
    }

    private Route route(String id) {
        Route route = context.getRoute(id);
        assertTrue(route != null, () -> "no route " + id + "; routes: " + context.getRoutes().stream().map(Route::getRouteId).toList());
        return route;
    }
}
