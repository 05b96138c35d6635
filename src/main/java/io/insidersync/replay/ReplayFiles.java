package io.insidersync.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.insidersync.deadletter.JsonLinesFiles;

/**
 * The files of a replay, and how they move so that nothing is replayed twice. Before anything is sent, FILE is renamed
 * to {@code FILE.replaying}: new dead letters (this replay's own failures included) then go to a fresh FILE. After each
 * batch, {@code FILE.replaying.progress} holds how many lines of it are settled; when all are, both are deleted. If an
 * interrupted replay left a {@code FILE.replaying}, it is resumed first, and FILE waits as {@code FILE.replaying.next}
 * (renamed at start too, so the failures of the resumed part are not sent again in the same replay).
 */
public final class ReplayFiles {

    private final Path file;
    private final Path replaying;
    private final Path waiting;
    private final Path progress;

    public ReplayFiles(Path file) {
        this.file = file;
        this.replaying = file.resolveSibling(file.getFileName() + ".replaying");
        this.waiting = file.resolveSibling(file.getFileName() + ".replaying.next");
        this.progress = file.resolveSibling(file.getFileName() + ".replaying.progress");
    }

    public Path file() {
        return file;
    }

    /**
     * Sets FILE aside for this replay, before anything is sent. What follows its last whole line (the rest of a record
     * whose write was cut short, and is written again) is cut first, as the next append would: it is no record to replay.
     */
    public void start() {
        JsonLinesFiles.cutTornTail(file);
        if (Files.exists(replaying)) {
            if (!Files.exists(waiting) && Files.exists(file)) {
                move(file, waiting);
            }
            return;
        }
        // Left by a replay that stopped between deleting its file and its progress: it belongs to no file now.
        delete(progress);
        if (Files.exists(file)) {
            move(file, replaying);
        }
    }

    /** The file to replay now, or null when there is none left. */
    public Path current() {
        return Files.exists(replaying) ? replaying : null;
    }

    /** How many lines of the current file an earlier replay settled (0 for a fresh one). */
    public long linesSettled() {
        try {
            return Files.exists(progress) ? Long.parseLong(Files.readString(progress).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Could not read the replay progress " + progress + ": " + e.getMessage(), e);
        }
    }

    public void recordProgress(long linesSettled) {
        JsonLinesFiles.replace(progress, (linesSettled + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Every line of the current file is settled: it goes, and a waiting file takes its place. */
    public void finishCurrent() {
        // The file before its progress: a progress without its file is ignored by start(); the reverse would resend it all.
        delete(replaying);
        delete(progress);
        if (Files.exists(waiting)) {
            move(waiting, replaying);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + path + ": " + e.getMessage(), e);
        }
    }
}
