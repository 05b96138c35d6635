package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digests kept with a window's progress, in memory and in the checkpoint file. */
class WindowProgressTest {

    @TempDir
    Path dir;

    @Test
    void batchesAcknowledgedOutOfOrderGiveTheRunningDigestOfTheirOrder() {
        WindowProgress inOrder = new WindowProgress(Window.changes(1, 4), Map.of());
        WindowProgress outOfOrder = new WindowProgress(Window.changes(1, 4), Map.of());
        for (int batch : new int[] {0, 1, 2, 3}) {
            inOrder.acknowledge(batch, "d" + batch);
        }
        for (int batch : new int[] {2, 0, 3, 1}) {
            outOfOrder.acknowledge(batch, "d" + batch);
        }

        String expected = BatchDigest.chain(BatchDigest.chain(BatchDigest.chain(BatchDigest.chain(BatchDigest.START, "d0"), "d1"), "d2"), "d3");
        assertEquals(expected, inOrder.acknowledged().belowDigest());
        assertEquals(expected, outOfOrder.acknowledged().belowDigest());
        assertEquals(4, outOfOrder.acknowledged().below());
    }

    @Test
    void theDigestsSurviveARestartAndTheFileStaysSmall() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir, "t");
        WindowProgress progress = new WindowProgress(Window.changes(1, 4), Map.of());
        for (long batch = 0; batch < 5000; batch++) {
            progress.acknowledge(batch, "d" + batch);
        }
        progress.acknowledge(5001, "d5001");
        progress.acknowledge(5003, "d5003");
        store.writeProgress(progress);

        WindowProgress.Acknowledged reread = new FileCheckpointStore(dir, "t").readProgress().orElseThrow().acknowledged();
        assertEquals(progress.acknowledged(), reread);
        assertEquals(Map.of(5001L, "d5001", 5003L, "d5003"), reread.digests());
        assertTrue(Files.size(store.file()) < 1000, "the state grows with the window's batches: " + Files.size(store.file()) + " bytes");
    }

    @Test
    void progressSavedWithoutDigestsIsKnownByNumbersAlone() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir, "t");
        Files.writeString(store.file(), "{\"table\":\"t\",\"version\":3,\"window_in_progress\":{\"from_version\":4,\"to_version\":5,"
                + "\"snapshot\":false,\"batches_acknowledged_below\":2,\"batches_acknowledged\":[4],\"batch_settings\":{}}}");

        WindowProgress progress = store.readProgress().orElseThrow();
        assertNull(progress.acknowledged().belowDigest());
        assertNull(progress.acknowledged().digests().get(4L));
        progress.acknowledge(2, "d2");
        progress.acknowledge(3, "d3");
        assertEquals(5, progress.acknowledged().below());
        assertNull(progress.acknowledged().belowDigest(), "a running digest cannot start half-way");
        store.writeProgress(progress);
        assertEquals(progress.acknowledged(), store.readProgress().orElseThrow().acknowledged());
    }

    @Test
    void digestsThatDoNotFitTheBatchesAreReported() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir, "t");
        String window = "{\"table\":\"t\",\"version\":3,\"window_in_progress\":{\"from_version\":4,\"to_version\":5,\"snapshot\":false,"
                + "\"batches_acknowledged_below\":2,\"batches_acknowledged\":[4],\"batch_settings\":{},";
        for (String broken : new String[] {"\"batches_acknowledged_below_digest\":7}}", "\"batches_acknowledged_digests\":[\"x\"]}}",
            "\"batches_acknowledged_digests\":{\"5\":\"x\"}}}", "\"batches_acknowledged_digests\":{\"4\":1}}}"}) {
            Files.writeString(store.file(), window + broken);
            CorruptStateException error = assertThrows(CorruptStateException.class, store::readProgress, broken);
            assertTrue(error.getMessage().contains("is unreadable") && error.getMessage().contains("digest"), error.getMessage());
        }
    }
}
