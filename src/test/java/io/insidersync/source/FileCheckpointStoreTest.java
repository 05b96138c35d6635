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
}
