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

    /** Every dead-letter record written so far. */
    public static List<JsonNode> deadLetters() throws IOException {
        return JsonLines.read(DIR.resolve("deadletter").resolve(ChangeTable.NAME + ".jsonl"));
    }
}
