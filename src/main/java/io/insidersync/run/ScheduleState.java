package io.insidersync.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.source.AtomicFiles;

/**
 * When the table's last run started ({@code <state-dir>/schedule-<table>.json}), kept apart from the checkpoint, so
 * that a program started again can tell whether a scheduled fire passed while it was down.
 */
public final class ScheduleState {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String table;

    public ScheduleState(Path stateDir, String table) {
        // The table name passed SqlNames, so it is a safe file name as it is.
        this.file = stateDir.resolve("schedule-" + table + ".json");
        this.table = table;
    }

    public void runStarted(Instant at) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("table", table);
        content.put("last_run_started_at", at.toString());
        try {
            // The folder and the file are made private to the process's user by AtomicFiles.
            AtomicFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** When the last run started; empty before the first run, or when the file is unreadable (then no fire counts as missed). */
    public Optional<Instant> lastRunStartedAt() {
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            return Optional.of(Instant.parse(node.path("last_run_started_at").asText()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
