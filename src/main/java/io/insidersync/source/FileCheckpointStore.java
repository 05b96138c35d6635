package io.insidersync.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The checkpoint of one table as a small JSON file in {@code sync.state-dir}, replaced atomically on every write.
 * A file that cannot be read is reported, never taken for "no checkpoint".
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String table;

    public FileCheckpointStore(Path stateDir, String table) {
        // The table name passed SqlNames (letters, digits, _ - and dots), so it is a safe file name as it is.
        this.file = stateDir.resolve("checkpoint-" + table + ".json");
        this.table = table;
    }

    public Path file() {
        return file;
    }

    @Override
    public OptionalLong read() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode node = JSON.readTree(content);
            JsonNode version = node == null ? null : node.get("version");
            if (version == null || !version.canConvertToLong() || version.asLong() < -1) {
                throw new IOException("it has no valid \"version\"");
            }
            JsonNode storedTable = node.get("table");
            if (storedTable != null && !storedTable.asText().equals(table)) {
                throw new IOException("it belongs to table " + storedTable.asText() + ", not " + table);
            }
            return OptionalLong.of(version.asLong());
        } catch (IOException e) {
            throw new CorruptStateException("The checkpoint " + file + " is unreadable (" + e.getMessage()
                    + "). Fix it, or delete it deliberately to start again as sync.start says.", e);
        }
    }

    @Override
    public void write(long version) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("table", table);
        content.put("version", version);
        content.put("written_at", Instant.now().toString());
        try {
            AtomicFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
