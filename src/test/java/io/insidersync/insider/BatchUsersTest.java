package io.insidersync.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.deadletter.Stage;
import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.source.ChangeRow;
import org.junit.jupiter.api.Test;

class BatchUsersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Grouped user(int i, int nameLength) {
        InsiderUser user = new InsiderUser(identifiers(i));
        user.add(row(i, 1, Map.of("name", "x".repeat(nameLength)), null));
        return Grouped.user(user);
    }

    private static Map<String, Object> identifiers(int user) {
        return new LinkedHashMap<>(Map.of("email", "user" + user + "@example.com"));
    }

    private static MappedRow row(int user, long version, Map<String, Object> attributes, Map<String, Object> event) {
        ChangeRow source = new ChangeRow(version, Map.of("id", user * 1000 + version), Map.of("id", user), true, 0);
        return new MappedRow(source, identifiers(user), new LinkedHashMap<>(attributes), event);
    }

    private static Map<String, Object> purchase(String basket, String product, int padding) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("event_group_id", basket);
        params.put("product_id", product);
        params.put("name", "p".repeat(padding));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_name", "purchase");
        event.put("event_params", params);
        return event;
    }

    /** A user with the given baskets: each basket a number of lines, each line padded to about the given size. */
    private static Grouped buyer(int user, int[] linesPerBasket, int padding) {
        InsiderUser buyer = new InsiderUser(identifiers(user));
        buyer.add(row(user, 1, Map.of("name", "Ada"), null));
        for (int b = 0; b < linesPerBasket.length; b++) {
            for (int line = 0; line < linesPerBasket[b]; line++) {
                buyer.add(row(user, 2, Map.of(), purchase("B" + b, "P" + line, padding)));
            }
        }
        return Grouped.user(buyer);
    }

    private List<UserBatch> batch(int maxUsers, long maxBytes, boolean skipHook, List<Grouped> users) {
        BatchUsers batcher = new BatchUsers(JSON, maxUsers, maxBytes, skipHook, false, new DeadLetterRecords("t"));
        List<UserBatch> batches = new ArrayList<>();
        Iterator<UserBatch> iterator = batcher.batches(users.iterator(), skipHook);
        iterator.forEachRemaining(batches::add);
        return batches;
    }

    private static List<JsonNode> sentUsers(List<UserBatch> batches) throws Exception {
        List<JsonNode> users = new ArrayList<>();
        for (UserBatch batch : batches) {
            JSON.readTree(batch.getBody()).get("users").forEach(users::add);
        }
        return users;
    }

    /** (basket, product) of every event sent, in send order. */
    private static List<String> sentLines(List<UserBatch> batches) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode user : sentUsers(batches)) {
            user.path("events").forEach(e -> lines.add(e.at("/event_params/event_group_id").asText() + "/" + e.at("/event_params/product_id").asText()));
        }
        return lines;
    }

    private static List<String> basketsOf(UserBatch batch) throws Exception {
        List<String> baskets = new ArrayList<>();
        JSON.readTree(batch.getBody()).get("users").forEach(u -> u.path("events").forEach(e -> {
            String basket = e.at("/event_params/event_group_id").asText();
            if (!baskets.contains(basket)) {
                baskets.add(basket);
            }
        }));
        return baskets;
    }

    @Test
    void fillsEachRequestUpToTheUserLimit() {
        List<Grouped> users = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            users.add(user(i, 5));
        }
        List<UserBatch> batches = batch(1000, 5_000_000, false, users);
        assertEquals(List.of(1000, 1000, 500), batches.stream().map(b -> b.getUsers().size()).toList());
        assertEquals(List.of(0L, 1L, 2L), batches.stream().map(UserBatch::getSequence).toList());
    }

    @Test
    void fillsEachRequestUpToTheByteLimitExactlyAndTheBodyIsValidJson() throws Exception {
        List<Grouped> users = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            users.add(user(i, 30 + i % 50));
        }
        List<UserBatch> batches = batch(1000, 4_000, true, users);
        int total = 0;
        for (UserBatch batch : batches.subList(0, batches.size() - 1)) {
            byte[] body = batch.getBody();
            assertTrue(body.length <= 4_000, "a body of " + body.length + " bytes");
            JsonNode parsed = JSON.readTree(body);
            assertTrue(parsed.get("skip_hook").asBoolean());
            total += parsed.get("users").size();
            // Not filled up only when the next user would not have fitted.
            assertTrue(body.length > 4_000 - 200, "a batch of " + body.length + " bytes was sent while it had room");
        }
        total += batches.get(batches.size() - 1).getUsers().size();
        assertEquals(200, total);
    }

    @Test
    void neverExceedsEitherLimitWhateverTheMixOfUsersAndBaskets() throws Exception {
        Random random = new Random(42);
        List<Grouped> users = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int[] baskets = new int[random.nextInt(4)];
            for (int b = 0; b < baskets.length; b++) {
                baskets[b] = 1 + random.nextInt(12);
            }
            users.add(buyer(i, baskets, random.nextInt(200)));
        }
        List<UserBatch> batches = batch(7, 3_000, false, users);
        int events = 0;
        for (UserBatch batch : batches) {
            assertTrue(batch.getBody().length <= 3_000, "a body of " + batch.getBody().length + " bytes");
            assertTrue(batch.getUsers().size() <= 7);
            Set<String> emails = new HashSet<>();
            for (JsonNode user : JSON.readTree(batch.getBody()).get("users")) {
                assertTrue(emails.add(user.at("/identifiers/email").asText()), "a user twice in one request");
                events += user.path("events").size();
            }
            assertTrue(batch.getRejections().isEmpty());
        }
        int expected = users.stream().mapToInt(g -> g.user().events().size()).sum();
        assertEquals(expected, events, "every event sent once");
    }

    @Test
    void aUserWhoseRowsAreNotNextToEachOtherIsMergedIntoOneUserOfTheRequest() throws Exception {
        InsiderUser first = new InsiderUser(identifiers(1));
        first.add(row(1, 5, Map.of("name", "New", "city", "Izmir"), purchase("A", "P1", 0)));
        InsiderUser other = new InsiderUser(identifiers(2));
        other.add(row(2, 1, Map.of("name", "Bob"), null));
        InsiderUser again = new InsiderUser(identifiers(1));
        again.add(row(1, 3, Map.of("name", "Old", "surname", "Lovelace"), purchase("B", "P2", 0)));

        List<UserBatch> batches = batch(1000, 5_000_000, false, List.of(Grouped.user(first), Grouped.user(other), Grouped.user(again)));

        assertEquals(1, batches.size());
        List<JsonNode> users = sentUsers(batches);
        assertEquals(2, users.size());
        JsonNode merged = users.get(0);
        assertEquals("user1@example.com", merged.at("/identifiers/email").asText());
        // The later change (version 5) wins field by field; fields only the older change has are kept.
        assertEquals("New", merged.at("/attributes/name").asText());
        assertEquals("Izmir", merged.at("/attributes/city").asText());
        assertEquals("Lovelace", merged.at("/attributes/surname").asText());
        assertEquals(List.of("A/P1", "B/P2"), sentLines(batches), "events in source order");
        assertEquals(3, batches.get(0).getUsers().get(0).sources().size() + batches.get(0).getUsers().get(1).sources().size());
    }

    @Test
    void aBatchKeepsOnlyWhatDeliveryNeedsOfEachUser() {
        // user 1: one row; user 2: an attributes row and three event rows.
        List<UserBatch> batches = batch(1000, 5_000_000, false, List.of(user(1, 5), buyer(2, new int[] {3}, 10)));
        UserBatch.BatchUser single = batches.get(0).getUsers().get(0);
        UserBatch.BatchUser several = batches.get(0).getUsers().get(1);
        // The one row of a single-row user stays whole: a dead letter of that user shows the row.
        assertEquals(Map.of("id", 1), single.sources().get(0).values());
        // A user of several rows keeps their keys and versions (all its dead letter names), not their values.
        assertEquals(4, several.sources().size());
        several.sources().forEach(source -> assertEquals(Map.of(), source.values()));
        assertEquals(List.of(2001L, 2002L, 2002L, 2002L), several.sources().stream().map(s -> ((Number) s.key().get("id")).longValue()).toList());
        assertEquals(List.of(1L, 2L, 2L, 2L), several.sources().stream().map(ChangeRow::commitVersion).toList());
        assertEquals(3, several.eventCount());
        assertEquals(3, batches.get(0).getEventCount());
        assertEquals(2L, batches.get(0).getCommitVersion());
        assertEquals(List.of(identifiers(1), identifiers(2)), batches.get(0).getIdentities());
    }

    @Test
    void aMergedUserThatNoLongerFitsGoesInTheNextRequestInstead() throws Exception {
        List<Grouped> users = List.of(buyer(1, new int[] {3}, 300), user(2, 5), buyer(1, new int[] {3}, 300));
        List<UserBatch> batches = batch(1000, 2_500, false, users);
        assertEquals(2, batches.size());
        for (UserBatch batch : batches) {
            assertTrue(batch.getBody().length <= 2_500);
            Set<String> emails = new HashSet<>();
            batch.getUsers().forEach(u -> assertTrue(emails.add((String) u.identifiers().get("email"))));
        }
        assertEquals(6, sentLines(batches).size());
    }

    @Test
    void basketsAreNeverSplitAcrossRequestsWhenEachFitsAlone() throws Exception {
        // One user with three baskets of 4 lines (about 1,000 bytes each): the user needs several requests, each basket one.
        List<UserBatch> batches = batch(1000, 2_200, false, List.of(user(0, 5), buyer(1, new int[] {4, 4, 4}, 180), user(2, 5)));
        List<String> seen = new ArrayList<>();
        for (UserBatch batch : batches) {
            assertTrue(batch.getBody().length <= 2_200);
            for (String basket : basketsOf(batch)) {
                assertTrue(!seen.contains(basket), "basket " + basket + " in two requests");
                seen.add(basket);
            }
        }
        assertEquals(List.of("B0", "B1", "B2"), seen);
        assertEquals(List.of("B0/P0", "B0/P1", "B0/P2", "B0/P3", "B1/P0", "B1/P1", "B1/P2", "B1/P3", "B2/P0", "B2/P1", "B2/P2", "B2/P3"),
                sentLines(batches));
        assertEquals(4, batches.size(), "user 0 with the attributes and first basket of user 1, then one request per basket");
        // The attributes travel once, with the first part.
        assertEquals(1, sentUsers(batches).stream().filter(u -> u.at("/identifiers/email").asText().equals("user1@example.com"))
                .filter(u -> u.has("attributes")).count());
    }

    @Test
    void aBasketLargerThanOneRequestGoesOutInOrderAcrossConsecutiveRequests() throws Exception {
        List<UserBatch> batches = batch(1000, 1_500, false, List.of(buyer(1, new int[] {12}, 200), user(2, 5)));
        assertTrue(batches.size() >= 3);
        List<String> expected = new ArrayList<>();
        for (int line = 0; line < 12; line++) {
            expected.add("B0/P" + line);
        }
        assertEquals(expected, sentLines(batches));
        for (UserBatch batch : batches) {
            assertTrue(batch.getBody().length <= 1_500);
            assertTrue(batch.getRejections().isEmpty());
        }
    }

    @Test
    void anEventTooLargeForAnyRequestIsSetAsideWithTheReasonAndTheRestGoOut() throws Exception {
        InsiderUser buyer = new InsiderUser(identifiers(1));
        buyer.add(row(1, 2, Map.of("name", "Ada"), purchase("B0", "P0", 10)));
        buyer.add(row(1, 3, Map.of(), purchase("B0", "HUGE", 2_000)));
        buyer.add(row(1, 4, Map.of(), purchase("B0", "P2", 10)));

        List<UserBatch> batches = batch(1000, 1_000, false, List.of(Grouped.user(buyer), user(2, 10)));

        assertEquals(List.of("B0/P0", "B0/P2"), sentLines(batches));
        var rejections = batches.stream().flatMap(b -> b.getRejections().stream()).toList();
        assertEquals(1, rejections.size());
        assertEquals(Stage.MAPPING, rejections.get(0).stage());
        assertTrue(rejections.get(0).reason().startsWith("the event is too large to send"), rejections.get(0).reason());
        assertTrue(rejections.get(0).reason().contains("insider.batch-max-bytes (1000)"));
        assertEquals(3L, rejections.get(0).commitVersion(), "the record names the event's own row");
        assertEquals("HUGE", rejections.get(0).user().at("/events/0/event_params/product_id").asText());
        assertEquals(2, sentUsers(batches).size());
    }

    @Test
    void attributesTooLargeForAnyRequestAreSetAsideAndTheEventsStillGoOut() throws Exception {
        InsiderUser buyer = new InsiderUser(identifiers(1));
        buyer.add(row(1, 2, Map.of("name", "x".repeat(2_000)), purchase("B0", "P0", 10)));

        List<UserBatch> batches = batch(1000, 1_000, false, List.of(Grouped.user(buyer)));

        assertEquals(List.of("B0/P0"), sentLines(batches));
        assertTrue(batches.get(0).getRejections().get(0).reason().startsWith("the user's attributes alone are"));
    }

    @Test
    void halvesKeepTheSequenceAndSplitTheUsers() {
        List<Grouped> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(user(i, 5));
        }
        UserBatch batch = batch(1000, 5_000_000, false, users).get(0);
        List<UserBatch> halves = batch.getHalves();
        assertEquals(List.of(2, 3), halves.stream().map(h -> h.getUsers().size()).toList());
        assertEquals(List.of(0L, 0L), halves.stream().map(UserBatch::getSequence).toList());
        assertEquals(1, halves.get(0).getHalves().get(0).getHalves().size());
    }
}
