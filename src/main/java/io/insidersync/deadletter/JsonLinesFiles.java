package io.insidersync.deadletter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.insidersync.source.AtomicFiles;
import io.insidersync.source.FileWriteFailure;
import io.insidersync.source.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the dead-letter files so that what was written is on disk before the caller goes on, and a record is there
 * whole or not at all. Lines are appended and forced to disk; an append that fails (a full disk) cuts the file back to
 * where it was, and bytes after the last newline (what an append cut short by a crash left) are cut before the next
 * append, so two records never run into one line. A small state file is replaced whole ({@link AtomicFiles}), so a
 * crash leaves the old content or the new, never a mix. Files and folders are created private to the process's user
 * ({@link PrivateFiles}).
 */
public final class JsonLinesFiles {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesFiles.class);
    private static final int TAIL_CHUNK = 8192;

    private JsonLinesFiles() {
    }

    /** Appends bytes (whole lines) to the file, creating it and its folder if needed, and forces them to disk. */
    public static void append(Path file, byte[] lines) {
        try {
            PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
            PrivateFiles.createFile(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                append(file, channel, lines);
            }
        } catch (IOException e) {
            throw new FileWriteFailure(file, e);
        }
    }

    /** Cuts what follows the file's last whole line, if anything does (nothing happens when there is no file). */
    public static void cutTornTail(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            cutTornTail(file, channel);
        } catch (IOException e) {
            throw new FileWriteFailure(file, e);
        }
    }

    /** Replaces the file's content atomically. */
    public static void replace(Path file, byte[] content) {
        AtomicFiles.replace(file, content);
    }

    /** Appends after the last whole line; when that fails, cuts the file back to that line where it can. */
    static void append(Path file, FileChannel channel, byte[] lines) throws IOException {
        long start = cutTornTail(file, channel);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(lines);
            for (long position = start; buffer.hasRemaining(); ) {
                position += channel.write(buffer, position);
            }
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            try {
                channel.truncate(start);
                channel.force(false);
            } catch (IOException | RuntimeException cannotCut) {
                // Left for the next append, which cuts what follows the last whole line first.
                e.addSuppressed(cannotCut);
            }
            throw e;
        }
    }

    /**
     * Where the next line goes: after the last newline. Bytes after it are part of a record whose append failed or was
     * interrupted, so its run failed and writes the record again: they are cut, and the file ends with a whole line.
     */
    static long cutTornTail(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        long end = endOfLastLine(channel, size);
        if (end < size) {
            channel.truncate(end);
            channel.force(false);
            LOG.warn("Cut {} bytes after the last whole line of {}: the rest of a record an earlier write could not finish "
                    + "(its run failed and writes it again)", size - end, file);
        }
        return end;
    }

    /** The position just after the last newline, or 0 when there is none. */
    private static long endOfLastLine(FileChannel channel, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(TAIL_CHUNK);
        for (long chunkEnd = size; chunkEnd > 0; ) {
            long chunkStart = Math.max(0, chunkEnd - TAIL_CHUNK);
            chunk.clear().limit((int) (chunkEnd - chunkStart));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, chunkStart + chunk.position()) < 0) {
                    throw new IOException("the file became shorter while it was read");
                }
            }
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return chunkStart + i + 1;
                }
            }
            chunkEnd = chunkStart;
        }
        return 0;
    }
}
