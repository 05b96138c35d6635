package io.insidersync.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One writer per sync's state: an exclusive lock, taken by the operating system, on {@code <state-dir>/sync-<table>.lock},
 * held from start-up until the process stops. The operating system releases it when the process ends however it ends
 * ({@code kill -9} included), so a lock left behind cannot block the next run. The file itself stays (removing it would let
 * two processes lock two different files of one name): once it has the lock the holder writes its pid, host and start
 * time into it, and empties it when it stops.
 */
public final class StateLock implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The lock files this process holds. A process holds a file lock once, and closing any other channel it opens on
     * the same file would release it, so a second attempt from within the process must not even open the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a table's state in its sync's state folder. */
    public static Path fileFor(Path stateDir, String table) {
        // The table name passed SqlNames (letters, digits, _ - and dots), so it is a safe file name as it is.
        return stateDir.resolve("sync-" + table + ".lock");
    }

    /**
     * Takes the lock at once, or fails with {@link StateLockedException} naming the holder.
     *
     * @param what the state it guards, for the message: {@code sync orders (table main.shop.orders)}
     */
    public static StateLock acquire(Path file, String what) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            // The first thing a sync creates in its state folder: the folder is private from here on (see PrivateFiles).
            PrivateFiles.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the state folder " + absolute.getParent() + " for the lock of " + what
                    + ": " + e.getMessage(), e);
        }
        if (!HELD.add(absolute)) {
            throw new StateLockedException(locked(what, "this same process (pid " + ProcessHandle.current().pid() + ")", absolute));
        }
        FileChannel channel = null;
        try {
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel = posix(absolute.getParent()) ? FileChannel.open(absolute, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : FileChannel.open(absolute, options);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StateLockedException(locked(what, holder(channel), absolute));
            }
            StateLock held = new StateLock(absolute, channel, lock);
            held.recordHolder();
            return held;
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(absolute);
            throw new UncheckedIOException("Could not lock " + absolute + " for " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(absolute);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Lets the next process take the state: the file no longer names this one, and the lock goes with the channel. */
    @Override
    public synchronized void close() {
        if (!lock.isValid()) {
            return;
        }
        try {
            channel.truncate(0);
        } catch (IOException e) {
            // The file keeps naming this process until the next holder writes its own name; the lock goes all the same.
        } finally {
            closeQuietly(channel);
            HELD.remove(file);
        }
    }

    /**
     * Written after locking, so a process that finds the lock held can say who holds it. The file is created owner-only,
     * and made so again here, whatever the umask or whoever created it.
     */
    private void recordHolder() throws IOException {
        if (posix(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("pid", ProcessHandle.current().pid());
        holder.put("host", hostName());
        holder.put("since", Instant.now().toString());
        channel.truncate(0);
        ByteBuffer content = ByteBuffer.wrap(JSON.writeValueAsBytes(holder));
        while (content.hasRemaining()) {
            channel.write(content, content.position());
        }
        channel.force(false);
    }

    /** Who holds the lock, as the holder wrote it; read through the channel already open, never by opening the file again. */
    private static String holder(FileChannel channel) {
        try {
            long size = Math.min(channel.size(), 4096);
            ByteBuffer content = ByteBuffer.allocate((int) size);
            while (content.hasRemaining() && channel.read(content, content.position()) > 0) {
                // reads until the buffer is full or the file ends
            }
            JsonNode node = JSON.readTree(new String(content.array(), 0, content.position(), StandardCharsets.UTF_8));
            if (node == null || !node.hasNonNull("pid")) {
                return "a process that has not written its name into the lock file yet";
            }
            return "pid " + node.path("pid").asText() + " on host " + node.path("host").asText("?")
                    + (node.hasNonNull("since") ? ", since " + node.path("since").asText() : "");
        } catch (IOException e) {
            return "a process whose name could not be read from the lock file (" + e.getMessage() + ")";
        }
    }

    private static String locked(String what, String holder, Path file) {
        return "Another process holds the state of " + what + ": " + holder + " (lock file " + file + "). Two processes on one state "
                + "would send the same users twice, so this one stops without reading or sending anything. Let that process finish, "
                + "or stop it, and start this again; its lock ends with it, even if it is killed.";
    }

    /**
     * Asked of the file system, not of the file's store: finding the store reads the mount table, which a container or a
     * chroot may not show ("Mount point not found").
     */
    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown" : fromEnvironment;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it that needs the close
        }
    }
}
