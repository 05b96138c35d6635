package io.insidersync.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.mapping.RowResult;
import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.source.ChangeRow;
import org.junit.jupiter.api.Test;

/** Grouping and batching pull rows only as far as the batch being filled needs: a window is never held whole. */
class StreamingTest {

    @Test
    void theFirstBatchIsReadyAfterReadingOnlyTheRowsItHolds() {
        AtomicLong pulled = new AtomicLong();
        // An endless window: holding it whole would never finish.
        Iterator<RowResult> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public RowResult next() {
                long n = pulled.incrementAndGet();
                Map<String, Object> identifiers = new LinkedHashMap<>(Map.of("email", "user" + (n / 2) + "@example.com"));
                ChangeRow row = new ChangeRow(1, Map.of("id", n), Map.of("id", n), true, 0);
                return new MappedRow(row, identifiers, new LinkedHashMap<>(Map.of("name", "n" + n)), null);
            }
        };
        BatchUsers batcher = new BatchUsers(new ObjectMapper(), 10, 5_000_000, false, false, new DeadLetterRecords("t"));

        Iterator<UserBatch> batches = batcher.batches(UserGrouping.group(endless), false);
        UserBatch first = batches.next();

        assertEquals(10, first.getUsers().size());
        // 10 users of 2 rows each, plus the rows that showed the 10th user was complete and the 11th did not fit.
        assertTrue(pulled.get() <= 23, "pulled " + pulled.get() + " rows for the first batch");
        UserBatch second = batches.next();
        assertEquals(10, second.getUsers().size());
        assertTrue(pulled.get() <= 43, "pulled " + pulled.get() + " rows for two batches");
    }
}
