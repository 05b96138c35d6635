package io.insidersync.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterRecord;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.mapping.RowResult;
import io.insidersync.mapping.RowResult.RejectedBasket;
import io.insidersync.mapping.RowResult.RejectedRow;
import io.insidersync.source.ChangeRow;
import org.junit.jupiter.api.Test;

/**
 * A basket set aside whole stays together through grouping and batching: its records go with one batch, so they are
 * written one after another in the dead-letter file, where a replay finds the basket whole.
 */
class BasketSetAsideTest {

    private static RejectedRow rejected(String id) {
        return new RejectedRow(new ChangeRow(1, Map.of("id", id), Map.of("id", id), true, 0), "rejected " + id);
    }

    @Test
    void aBasketsLinesAreSetAsideWithOneBatchEvenWhereTheRowsSetAsideBeforeFillOne() {
        List<RowResult> rows = new ArrayList<>();
        // Enough rejected rows before the basket that the batching step hands them on before the basket would all fit.
        for (int i = 0; i < 999; i++) {
            rows.add(rejected("r" + i));
        }
        rows.add(new RejectedBasket(List.of(rejected("b1"), rejected("b2"), rejected("b3"))));
        rows.add(rejected("after"));
        BatchUsers batcher = new BatchUsers(new ObjectMapper(), 1000, 5_000_000, false, false, new DeadLetterRecords("t"));

        Iterator<UserBatch> batches = batcher.batches(UserGrouping.group(rows.iterator()), false);

        List<List<String>> keys = new ArrayList<>();
        batches.forEachRemaining(batch -> keys.add(batch.getRejections().stream().map(DeadLetterRecord::key).map(key -> key.get("id").toString()).toList()));
        List<Integer> batchOfEachLine = List.of("b1", "b2", "b3").stream()
                .map(line -> keys.stream().filter(batch -> batch.contains(line)).findFirst().map(keys::indexOf).orElse(-1)).toList();
        assertEquals(List.of(0, 0, 0), batchOfEachLine, "the basket's lines were parted");
        assertEquals(List.of("r998", "b1", "b2", "b3"), keys.get(0).subList(998, 1002));
    }
}
