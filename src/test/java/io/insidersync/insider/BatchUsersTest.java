package io.insidersync.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.source.ChangeRow;
import org.junit.jupiter.api.Test;

class BatchUsersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Grouped user(int i, int nameLength) {
        ChangeRow row = new ChangeRow(1, Map.of("id", i), Map.of("id", i), true, 0);
        Map<String, Object> identifiers = new LinkedHashMap<>(Map.of("email", "user" + i + "@example.com"));
        InsiderUser user = new InsiderUser(identifiers);
        user.add(new MappedRow(row, identifiers, new LinkedHashMap<>(Map.of("name", "x".repeat(nameLength))), null));
        return Grouped.user(user);
    }

    private List<UserBatch> batch(int maxUsers, long maxBytes, boolean skipHook, List<Grouped> users) {
        BatchUsers batcher = new BatchUsers(JSON, maxUsers, maxBytes, skipHook, false, new DeadLetterRecords("t"));
        List<UserBatch> batches = new ArrayList<>();
        Iterator<UserBatch> iterator = batcher.batches(users.iterator(), skipHook);
        iterator.forEachRemaining(batches::add);
        return batches;
    }

    @Test
    void fillsEachRequestUpToTheUserLimit() {
        List<Grouped> users = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            users.add(user(i, 5));
        }
        assertEquals(List.of(1000, 1000, 500), batch(1000, 5_000_000, false, users).stream().map(b -> b.getUsers().size()).toList());
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
    void aUserLargerThanTheByteLimitIsSetAsideWithTheReasonAndTheRestGoOn() {
        List<UserBatch> batches = batch(1000, 1_000, false, List.of(user(1, 10), user(2, 2_000), user(3, 10)));
        assertEquals(1, batches.size());
        assertEquals(2, batches.get(0).getUsers().size());
        assertEquals(1, batches.get(0).getRejections().size());
        assertTrue(batches.get(0).getRejections().get(0).reason().contains("exceeds insider.batch-max-bytes (1000)"));
    }
}
