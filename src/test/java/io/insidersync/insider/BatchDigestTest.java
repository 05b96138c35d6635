package io.insidersync.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.deadletter.Stage;
import io.insidersync.source.BatchDigest;
import io.insidersync.source.ChangeRow;
import org.junit.jupiter.api.Test;

/** The digest of a batch (in this package, where batches are built) covers its first and last row and its counts. */
class BatchDigestTest {

    private static ChangeRow row(String key, long version, String name) {
        return new ChangeRow(version, Map.of("line_id", key), Map.of("line_id", key, "first_name", name), true, 0);
    }

    private static UserBatch.BatchUser user(ChangeRow... rows) {
        return new UserBatch.BatchUser(Map.of("email", rows[0].key().get("line_id") + "@example.com"), 0, List.of(rows), new byte[0]);
    }

    private static DeadLetterRecord rejected(String key, long version) {
        return new DeadLetterRecord("2026-11-20T10:00:00Z", Stage.MAPPING, "not an email", "t", version, Map.of("line_id", key), null,
                null, null, null, null, null);
    }

    private static String digest(List<UserBatch.BatchUser> users, List<DeadLetterRecord> rejections) {
        return BatchDigest.of(new UserBatch(7, users, rejections, false));
    }

    @Test
    void theSameFirstAndLastRowsAndCountsGiveTheSameDigestWhateverTheValues() {
        String batch = digest(List.of(user(row("a", 1, "Ann")), user(row("b", 1, "Bob")), user(row("c", 2, "Cem"), row("d", 2, "Cem"))), List.of());

        assertEquals(batch, digest(List.of(user(row("a", 1, "Anna")), user(row("x", 1, "Xia")), user(row("c", 2, "Can"), row("d", 2, "Can"))),
                List.of()), "a digest covers which rows, not their values or the users between the first and last");
        assertNotEquals(batch, digest(List.of(user(row("a", 1, "Ann")), user(row("c", 2, "Cem"), row("d", 2, "Cem"))), List.of()),
                "another user count");
        assertNotEquals(batch, digest(List.of(user(row("a", 1, "Ann")), user(row("b", 1, "Bob")), user(row("c", 2, "Cem"), row("e", 2, "Cem"))),
                List.of()), "another last key");
        assertNotEquals(batch, digest(List.of(user(row("a", 3, "Ann")), user(row("b", 1, "Bob")), user(row("c", 2, "Cem"), row("d", 2, "Cem"))),
                List.of()), "another version of the first row");
        assertNotEquals(batch, digest(List.of(user(row("a", 1, "Ann")), user(row("b", 1, "Bob")), user(row("c", 2, "Cem"), row("d", 2, "Cem"))),
                List.of(rejected("z", 2))), "rows set aside with it");
    }

    @Test
    void aBatchOfRejectedRowsOnlyIsToldApartByThoseRows() {
        String batch = digest(List.of(), List.of(rejected("p", 1), rejected("q", 1), rejected("r", 2)));

        assertEquals(batch, digest(List.of(), List.of(rejected("p", 1), rejected("x", 1), rejected("r", 2))));
        assertNotEquals(batch, digest(List.of(), List.of(rejected("p", 1), rejected("r", 2))), "another count");
        assertNotEquals(batch, digest(List.of(), List.of(rejected("p", 1), rejected("q", 1), rejected("s", 2))), "another last key");
        assertNotEquals(batch, digest(List.of(), List.of()), "an empty batch");
    }

    @Test
    void theRunningDigestDependsOnTheOrderOfTheBatches() {
        String first = digest(List.of(user(row("a", 1, "Ann"))), List.of());
        String second = digest(List.of(user(row("b", 1, "Bob"))), List.of());

        assertNotEquals(BatchDigest.chain(BatchDigest.chain(BatchDigest.START, first), second),
                BatchDigest.chain(BatchDigest.chain(BatchDigest.START, second), first));
        assertEquals(32, first.length(), first);
    }
}
