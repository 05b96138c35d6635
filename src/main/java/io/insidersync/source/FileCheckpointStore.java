package io.insidersync.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The state of one table as a small JSON file in {@code sync.state-dir}: the last synced version and the progress of
 * the window being delivered (its acknowledged batches and their {@link BatchDigest digests}), replaced atomically
 * (temporary file, fsync, rename) on every write. A file that cannot be read is reported, never taken for "no checkpoint".
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record State(OptionalLong version, Optional<WindowProgress> progress, boolean resync) {
    }

    private final Path file;
    private final String table;
    /** The last synced version as last read or written, so saving progress after each batch need not read the file. */
    private OptionalLong knownVersion;

    public FileCheckpointStore(Path stateDir, String table) {
        // The table name passed SqlNames (letters, digits, _ - and dots), so it is a safe file name as it is.
        this.file = stateDir.resolve("checkpoint-" + table + ".json");
        this.table = table;
    }

    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public OptionalLong read() {
        return state().version();
    }

    @Override
    public Optional<WindowProgress> readProgress() {
        return state().progress();
    }

    @Override
    public synchronized void requestResync() {
        store(OptionalLong.empty(), null, true);
        knownVersion = OptionalLong.empty();
    }

    @Override
    public boolean resyncRequested() {
        return state().resync();
    }

    @Override
    public synchronized void write(long version) {
        store(OptionalLong.of(version), null, false);
        knownVersion = OptionalLong.of(version);
    }

    @Override
    public synchronized void writeProgress(WindowProgress progress) {
        store(knownVersion != null ? knownVersion : state().version(), progress, false);
    }

    private synchronized State state() {
        State state = readState();
        knownVersion = state.version();
        return state;
    }

    private State readState() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new State(OptionalLong.empty(), Optional.empty(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode node = JSON.readTree(content);
            if (node == null || !node.isObject()) {
                throw new IOException("it is not a JSON object");
            }
            JsonNode storedTable = node.get("table");
            if (storedTable != null && !storedTable.asText().equals(table)) {
                throw new IOException("it belongs to table " + storedTable.asText() + ", not " + table);
            }
            JsonNode version = node.get("version");
            Optional<WindowProgress> progress = node.hasNonNull("window_in_progress")
                    ? Optional.of(progress(node.get("window_in_progress"))) : Optional.empty();
            boolean resync = node.path("resync_requested").asBoolean(false);
            if (version == null || version.isNull()) {
                if (progress.isEmpty() && !resync) {
                    throw new IOException("it has no \"version\"");
                }
                return new State(OptionalLong.empty(), progress, resync);
            }
            if (!version.canConvertToLong() || !version.isIntegralNumber() || version.asLong() < -1) {
                throw new IOException("its \"version\" is not a version number");
            }
            return new State(OptionalLong.of(version.asLong()), progress, resync);
        } catch (IOException e) {
            throw new CorruptStateException("The checkpoint " + file + " is unreadable (" + e.getMessage()
                    + "). Fix it, or delete it deliberately to start again as sync.start says.", e);
        }
    }

    private static WindowProgress progress(JsonNode node) throws IOException {
        long from = number(node, "from_version");
        long to = number(node, "to_version");
        long below = number(node, "batches_acknowledged_below");
        JsonNode snapshot = node.get("snapshot");
        JsonNode above = node.get("batches_acknowledged");
        JsonNode settings = node.get("batch_settings");
        if (snapshot == null || !snapshot.isBoolean() || above == null || !above.isArray() || settings == null || !settings.isObject()) {
            throw new IOException("its \"window_in_progress\" is incomplete");
        }
        TreeMap<Long, String> acknowledged = new TreeMap<>();
        for (JsonNode batch : above) {
            if (!batch.isIntegralNumber()) {
                throw new IOException("its \"batches_acknowledged\" holds something other than batch numbers");
            }
            acknowledged.put(batch.asLong(), null);
        }
        // Progress saved before batches had digests has neither field: its batches are then known by number alone.
        JsonNode belowDigest = node.get("batches_acknowledged_below_digest");
        if (belowDigest != null && !belowDigest.isTextual()) {
            throw new IOException("its \"batches_acknowledged_below_digest\" is not a digest");
        }
        JsonNode digests = node.get("batches_acknowledged_digests");
        if (digests != null) {
            if (!digests.isObject()) {
                throw new IOException("its \"batches_acknowledged_digests\" is not an object of batch numbers and digests");
            }
            for (Iterator<Map.Entry<String, JsonNode>> entries = digests.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                Long batch = batchNumber(entry.getKey());
                if (batch == null || !acknowledged.containsKey(batch) || !entry.getValue().isTextual()) {
                    throw new IOException("its \"batches_acknowledged_digests\" has an entry \"" + entry.getKey()
                            + "\" that is not a digest of a batch in \"batches_acknowledged\"");
                }
                acknowledged.put(batch, entry.getValue().asText());
            }
        }
        Map<String, String> batchSettings = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = settings.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            batchSettings.put(field.getKey(), field.getValue().asText());
        }
        JsonNode committedAt = node.get("committed_at");
        Instant committed;
        try {
            committed = committedAt == null || committedAt.isNull() ? null : Instant.parse(committedAt.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("its \"window_in_progress\" has no valid \"committed_at\"");
        }
        String chain = belowDigest != null ? belowDigest.asText() : below == 0 ? BatchDigest.START : null;
        return new WindowProgress(new Window(from, to, snapshot.asBoolean(), committed), batchSettings, below, chain, acknowledged);
    }

    private static Long batchNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long number(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IOException("its \"window_in_progress\" has no valid \"" + field + "\"");
        }
        return value.asLong();
    }

    private void store(OptionalLong version, WindowProgress progress, boolean resync) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("table", table);
        content.put("version", version.isPresent() ? version.getAsLong() : null);
        if (resync) {
            content.put("resync_requested", true);
        }
        content.put("written_at", Instant.now().toString());
        if (progress != null) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("from_version", progress.window().fromVersion());
            window.put("to_version", progress.window().toVersion());
            window.put("snapshot", progress.window().snapshot());
            if (progress.window().committedAt() != null) {
                window.put("committed_at", progress.window().committedAt().toString());
            }
            WindowProgress.Acknowledged acknowledged = progress.acknowledged();
            window.put("batches_acknowledged_below", acknowledged.below());
            window.put("batches_acknowledged", acknowledged.above());
            if (acknowledged.belowDigest() != null) {
                window.put("batches_acknowledged_below_digest", acknowledged.belowDigest());
            }
            Map<String, String> digests = new LinkedHashMap<>();
            acknowledged.digests().forEach((batch, digest) -> {
                if (digest != null) {
                    digests.put(String.valueOf(batch), digest);
                }
            });
            window.put("batches_acknowledged_digests", digests);
            window.put("batch_settings", progress.batchSettings());
            content.put("window_in_progress", window);
        }
        try {
            AtomicFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
