package io.insidersync.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Replaces a file so that a crash leaves either the old content or the new, never a mix: the content goes to a
 * temporary file of its own in the same folder ({@code <file>.<random digits>.tmp}, {@code 0600}), is forced to disk,
 * and is renamed over the file. Two writers never share a temporary file.
 * <p>
 * A temporary file is deleted when writing it fails; only a crash between its creation and the rename leaves one.
 * The first replace of a file in a process deletes such left-overs of it that are older than
 * {@link #LEFT_OVER_AGE} (a live writer's temporary file lives for milliseconds), so they never pile up.
 */
public final class AtomicFiles {

    static final Duration LEFT_OVER_AGE = Duration.ofMinutes(1);

    /** The files whose left-over temporary files this process has already looked for. */
    private static final Set<Path> CLEANED = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    public static void replace(Path target, byte[] content) {
        Path file = target.toAbsolutePath();
        Path directory = file.getParent();
        String name = file.getFileName().toString();
        Path temp = null;
        try {
            PrivateFiles.createDirectories(directory);
            if (CLEANED.add(file)) {
                deleteLeftOvers(directory, name);
            }
            temp = PrivateFiles.createTempFile(directory, name + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(directory);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new FileWriteFailure(target, e);
        }
    }

    /**
     * Deletes what a crash left of earlier replaces of this file: {@code <name>.<digits>.tmp}, and {@code <name>.tmp},
     * the one name every writer used before temporary files had names of their own. Tidying only: a file it cannot
     * look at or delete is left, and the replace goes on.
     */
    private static void deleteLeftOvers(Path directory, String name) {
        Pattern leftOver = Pattern.compile(Pattern.quote(name) + "(\\.[0-9]+)?\\.tmp");
        Instant before = Instant.now().minus(LEFT_OVER_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, path -> leftOver.matcher(path.getFileName().toString()).matches())) {
            for (Path temp : files) {
                try {
                    if (Files.getLastModifiedTime(temp).toInstant().isBefore(before)) {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException goneOrNotOurs) {
                    // deleted meanwhile, or not ours to delete
                }
            }
        } catch (IOException | DirectoryIteratorException cannotList) {
            // left for a later process
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the failure being reported matters more; the next process's first replace deletes it
        }
    }

    /** Makes the rename itself durable; some file systems do not allow opening a directory, which is harmless. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the rename is already atomic; only its durability across a power cut depends on this
        }
    }
}
