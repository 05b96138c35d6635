package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void noFileMeansNoCheckpointYet() {
        assertEquals(OptionalLong.empty(), new FileCheckpointStore(dir, "main.crm.events").read());
    }

    @Test
    void aWrittenVersionIsReadBackAndNoTemporaryFileIsLeft() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir, "main.crm.events");
        store.write(41);
        store.write(42);
        assertEquals(OptionalLong.of(42), new FileCheckpointStore(dir, "main.crm.events").read());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aHalfWrittenOrForeignFileIsReportedNotTakenForAFreshStart() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir, "main.crm.events");
        for (String content : new String[] {"{\"table\":\"main.crm.events\",\"vers", "", "{\"table\":\"main.crm.events\"}",
            "{\"table\":\"other.table\",\"version\":3}"}) {
            Files.writeString(store.file(), content);
            CorruptStateException error = assertThrows(CorruptStateException.class, store::read);
            assertTrue(error.getMessage().contains(store.file().toString()), error.getMessage());
        }
        assertFalse(Files.readString(store.file()).isEmpty(), "the corrupt file was replaced");
    }

    @Test
    void theProgressOfAWindowIsKeptWithTheVersionAndClearedWhenTheWindowCommits() {
        FileCheckpointStore store = new FileCheckpointStore(dir, "main.crm.events");
        store.write(41);
        WindowProgress progress = new WindowProgress(Window.changes(42, 57), java.util.Map.of("insider.batch-max-users", "1000"));
        for (long batch : new long[] {0, 1, 2, 4, 7}) {
            progress.acknowledge(batch, "digest-" + batch);
        }
        store.writeProgress(progress);

        FileCheckpointStore reread = new FileCheckpointStore(dir, "main.crm.events");
        WindowProgress stored = reread.readProgress().orElseThrow();
        assertEquals(OptionalLong.of(41), reread.read());
        assertEquals(Window.changes(42, 57), stored.window());
        assertEquals(java.util.Map.of("insider.batch-max-users", "1000"), stored.batchSettings());
        for (long batch = 0; batch < 9; batch++) {
            assertEquals(batch <= 2 || batch == 4 || batch == 7, stored.isAcknowledged(batch), "batch " + batch);
        }
        assertEquals(3, stored.acknowledged().below());

        reread.write(57);
        assertTrue(new FileCheckpointStore(dir, "main.crm.events").readProgress().isEmpty());
        assertEquals(OptionalLong.of(57), new FileCheckpointStore(dir, "main.crm.events").read());
    }

    @Test
    void aFirstWindowInProgressNeedsNoVersionButBrokenProgressIsReported() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir, "t");
        Window snapshot = Window.snapshotAt(new TableVersion(9, java.time.Instant.parse("2026-11-20T10:00:00.250Z")));
        store.writeProgress(new WindowProgress(snapshot, java.util.Map.of()));
        assertEquals(OptionalLong.empty(), store.read());
        assertEquals(snapshot, store.readProgress().orElseThrow().window(), "the snapshot's commit time survives a restart");

        for (String broken : new String[] {
            "{\"table\":\"t\",\"version\":3,\"window_in_progress\":{\"from_version\":4}}",
            "{\"table\":\"t\",\"version\":3,\"window_in_progress\":{\"from_version\":4,\"to_version\":5,\"snapshot\":false,"
                    + "\"batches_acknowledged_below\":2,\"batches_acknowledged\":[\"x\"],\"batch_settings\":{}}}",
            "{\"table\":\"t\",\"version\":\"3\"}"}) {
            Files.writeString(store.file(), broken);
            CorruptStateException error = assertThrows(CorruptStateException.class, store::readProgress);
            assertTrue(error.getMessage().contains("is unreadable"), error.getMessage());
        }
    }

    @Test
    void aResyncRequestForgetsTheVersionAndTheWindowInProgressAndSurvivesARestart() {
        FileCheckpointStore store = new FileCheckpointStore(dir, "t");
        store.write(4);
        store.writeProgress(new WindowProgress(Window.changes(5, 9), java.util.Map.of()));

        store.requestResync();

        FileCheckpointStore restarted = new FileCheckpointStore(dir, "t");
        assertEquals(OptionalLong.empty(), restarted.read());
        assertTrue(restarted.readProgress().isEmpty());
        assertTrue(restarted.resyncRequested());
        restarted.writeProgress(new WindowProgress(Window.changes(0, 9), java.util.Map.of()));
        assertTrue(restarted.readProgress().isPresent(), "the resync's own window keeps its progress");
        restarted.write(9);
        assertFalse(restarted.resyncRequested());
        assertEquals(OptionalLong.of(9), restarted.read());
    }
}
