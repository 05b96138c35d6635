package io.insidersync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The state directory of the test JVM (checkpoints, dead letters, outbox), published as the system property
 * {@code test.state-dir}, emptied before each test.
 */
public final class TestState {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = create();

    private TestState() {
    }

    private static Path create() {
        try {
            Path dir = Files.createTempDirectory("sync-state");
            System.setProperty("test.state-dir", dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path dir() {
        return DIR;
    }

    public static void clear() throws IOException {
        try (Stream<Path> paths = Files.walk(DIR)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(DIR)) {
                    Files.delete(path);
                }
            }
        }
    }

    public static Path checkpoint() {
        return DIR.resolve("checkpoint-" + ChangeTable.NAME + ".json");
    }

    /** The version the checkpoint holds, or -100 when there is none. */
    public static long checkpointVersion() throws IOException {
        return checkpointVersion(checkpoint());
    }

    /** The version a checkpoint file holds, or -100 when there is none. */
    public static long checkpointVersion(Path file) throws IOException {
        return Files.exists(file) ? JSON.readTree(file.toFile()).get("version").asLong() : -100;
    }

    /**
     * The batches a checkpoint file records as acknowledged in its window in progress (every one below
     * batches_acknowledged_below, and those in batches_acknowledged); none when there is no file or no window.
     */
    public static java.util.Set<Long> acknowledgedBatches(Path file) throws IOException {
        java.util.Set<Long> batches = new java.util.TreeSet<>();
        if (!Files.exists(file)) {
            return batches;
        }
        JsonNode window = JSON.readTree(file.toFile()).path("window_in_progress");
        if (window.isMissingNode() || window.isNull()) {
            return batches;
        }
        for (long batch = 0; batch < window.get("batches_acknowledged_below").asLong(); batch++) {
            batches.add(batch);
        }
        window.get("batches_acknowledged").forEach(batch -> batches.add(batch.asLong()));
        return batches;
    }

    /** Every dead-letter record written so far. */
    public static List<JsonNode> deadLetters() throws IOException {
        return JsonLines.read(DIR.resolve("deadletter").resolve(ChangeTable.NAME + ".jsonl"));
    }
}
