package io.insidersync.replay;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterObserver;
import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.insider.UserBatch;

/**
 * One request of a replay: the batch, the records its users came from, and the last line of the file that is settled
 * once this batch is. While it is sent, it is told of the dead letters written for it, and counts each user refused
 * again against the record it came from (users are recognised by their JSON, which the dead-letter record holds as sent).
 */
public final class ReplayBatch implements DeadLetterObserver {

    /** Parses as DeadLetterRecords does, so the same JSON gives equal trees. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UserBatch batch;
    private final long settledThrough;
    private final Map<JsonNode, Set<ReplayLedger.Entry>> entriesByUser = new HashMap<>();

    ReplayBatch(UserBatch batch, long settledThrough, ReplayLedger ledger) {
        this.batch = batch;
        this.settledThrough = settledThrough;
        batch.getUsers().forEach(user -> entriesByUser.put(parse(user.json()), ledger.entriesOf(user.sources())));
    }

    public UserBatch getBatch() {
        return batch;
    }

    long settledThrough() {
        return settledThrough;
    }

    @Override
    public void deadLettered(List<DeadLetterRecord> records) {
        for (DeadLetterRecord record : records) {
            if (record.user() != null) {
                failedAgain(record.user());
            } else if (record.body() != null) {
                parse(record.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("users").forEach(this::failedAgain);
            }
            // A mapping record without user is a row rejected again: counted when it was mapped.
        }
    }

    private void failedAgain(JsonNode user) {
        entriesByUser.getOrDefault(user, Set.of()).forEach(entry -> entry.failedAgain(1));
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a user serialized by this program is not JSON", e);
        }
    }
}
