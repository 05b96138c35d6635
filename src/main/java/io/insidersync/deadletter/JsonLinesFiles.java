package io.insidersync.deadletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.insidersync.source.AtomicFiles;

/**
 * Writes the dead-letter files so that what was written is on disk before the caller goes on: lines are appended and
 * forced to disk; a small state file is replaced whole ({@link AtomicFiles}), so a crash leaves the old content or the
 * new, never a mix.
 */
public final class JsonLinesFiles {

    private JsonLinesFiles() {
    }

    /** Appends bytes (whole lines) to the file, creating it and its folder if needed, and forces them to disk. */
    public static void append(Path file, byte[] lines) {
        write(file, lines, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Replaces the file's content atomically. */
    public static void replace(Path file, byte[] content) {
        AtomicFiles.replace(file, content);
    }

    private static void write(Path file, byte[] bytes, OpenOption... options) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, options)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
