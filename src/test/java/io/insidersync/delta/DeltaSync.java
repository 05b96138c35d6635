package io.insidersync.delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.SyncApplication;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.JsonLines;
import io.insidersync.support.SyncProcess;

/**
 * The sync as an integrator runs it ({@code --once}, {@code --resync}, {@code --verify} with a {@code --config} file),
 * pointed at one table of the test Delta Lake (through the stand-in warehouse unless told otherwise) and at the stand-in
 * Insider, with a state folder of its own.
 */
public final class DeltaSync {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROCESS_TIMEOUT_SECONDS = 180;

    private final String table;
    private final Path state;
    private final List<String> settings = new ArrayList<>();
    private String out = "";
    private String err = "";

    /** Reads the table as production does: through the Databricks driver, from the stand-in warehouse. */
    public DeltaSync(String table, Path state, String... settings) {
        this(WarehouseStandIn.get().syncSettings("token"), table, state, settings);
    }

    /** Reads the table through the given source settings (those of another way in to the same Delta Lake). */
    public DeltaSync(Map<String, String> source, String table, Path state, String... settings) {
        this.table = table;
        this.state = state;
        for (Map.Entry<String, String> entry : source.entrySet()) {
            this.settings.add(entry.getKey() + "=" + entry.getValue());
        }
        this.settings.addAll(List.of(
                "sync.table=" + table,
                "sync.state-dir=" + state.resolve("data"),
                "deadletter.dir=" + state.resolve("deadletter"),
                "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=deltapartner",
                "insider.request-token=delta-secret-token",
                "insider.retry-delay-ms=10",
                "insider.max-retries=1"));
        this.settings.addAll(List.of(settings));
    }

    /** Runs the command line with this sync's settings file and returns its exit code. */
    public int run(String... args) {
        List<String> all = withConfig(args);
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        // The program pins the JVM's zone to UTC at start-up; each in-process run starts in the zone the tests run in.
        TimeZone zone = TimeZone.getDefault();
        int exit;
        try {
            exit = SyncApplication.run(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                    new PrintStream(errBytes, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
        } finally {
            TimeZone.setDefault(zone);
        }
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return exit;
    }

    /**
     * Runs the command line in a JVM of its own, as an operator does, and returns its exit code; everything it printed
     * (the logs too) is then in {@link #out()}.
     */
    public int runProcess(String... args) {
        Path output = state.resolve("output-" + System.nanoTime() + ".txt");
        try {
            Process process = SyncProcess.start(output, SyncProcess.command(withConfig(args).toArray(String[]::new)));
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the sync of " + table + " did not end within " + PROCESS_TIMEOUT_SECONDS + " s: " + Files.readString(output));
            }
            out = Files.readString(output);
            err = "";
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private List<String> withConfig(String... args) {
        Path config = state.resolve("sync-" + System.nanoTime() + ".properties");
        try {
            Files.write(config, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return all;
    }

    /** One sync run that must succeed; returns its summary line. */
    public String once() {
        int exit = run("--once");
        if (exit != 0) {
            throw new AssertionError("the sync of " + table + " failed with " + exit + ": " + err);
        }
        return out.trim();
    }

    public String out() {
        return out;
    }

    public String err() {
        return err;
    }

    /** The version the checkpoint holds, or -1 when there is none. */
    public long checkpointVersion() {
        Path file = state.resolve("data").resolve("checkpoint-" + table + ".json");
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()).path("version").asLong(-1) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every dead-letter record of the table. */
    public List<JsonNode> deadLetters() {
        return JsonLines.read(state.resolve("deadletter").resolve(table + ".jsonl"));
    }
}
