package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock on a sync's state, between this test's JVM and processes of their own ({@link LockHolder}). */
class StateLockTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theHolderWritesItsPidAndHostIntoAnOwnerOnlyFileAndEmptiesItWhenItStops() throws Exception {
        Path file = StateLock.fileFor(dir.resolve("state"), "main.crm.events");
        assertEquals("sync-main.crm.events.lock", file.getFileName().toString());
        Files.createDirectories(file.getParent());
        // Left by someone else, readable by all: the holder makes it its own.
        Files.writeString(file, "{\"pid\":1,\"host\":\"elsewhere\"}   and more than the holder writes");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        try (StateLock lock = StateLock.acquire(file, "table main.crm.events")) {
            JsonNode holder = JSON.readTree(Files.readString(file));
            assertEquals(ProcessHandle.current().pid(), holder.path("pid").asLong());
            assertEquals(InetAddress.getLocalHost().getHostName(), holder.path("host").asText());
            assertTrue(holder.hasNonNull("since"), holder.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(file.toAbsolutePath(), lock.file());
        }
        assertEquals("", Files.readString(file), "a lock that was let go still names its holder");
    }

    @Test
    void anotherProcessIsRefusedNamingTheHolderAndTheFileUntilTheLockIsLetGo() throws Exception {
        Path file = StateLock.fileFor(dir, "t");
        try (StateLock lock = StateLock.acquire(file, "table t")) {
            Process other = holder(file);
            assertTrue(other.waitFor(30, TimeUnit.SECONDS), "the second process waited for the lock");
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(3, other.exitValue(), said);
            assertTrue(said.contains("Another process holds the state of table t: pid " + ProcessHandle.current().pid() + " on host "
                    + InetAddress.getLocalHost().getHostName()), said);
            assertTrue(said.contains("(lock file " + file.toAbsolutePath() + ")"), said);
        }

        Process other = holder(file);
        awaitLocked(other);
        other.getOutputStream().close();
        assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue());
    }

    @Test
    void aHolderKilledWithSigkillLeavesNothingThatBlocksTheNext() throws Exception {
        Path file = StateLock.fileFor(dir, "t");
        Process killed = holder(file);
        awaitLocked(killed);
        StateLockedException refused = assertThrows(StateLockedException.class, () -> StateLock.acquire(file, "table t"));
        assertTrue(refused.getMessage().contains("pid " + killed.pid()), refused.getMessage());

        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));

        try (StateLock lock = StateLock.acquire(file, "table t")) {
            assertEquals(ProcessHandle.current().pid(), JSON.readTree(Files.readString(file)).path("pid").asLong(),
                    "the new holder's name replaces the killed one's");
        }
    }

    @Test
    void withinOneProcessASecondAttemptIsRefusedAndTheFirstLockStaysHeld() throws Exception {
        Path file = StateLock.fileFor(dir, "t");
        try (StateLock lock = StateLock.acquire(file, "sync orders (table t)")) {
            StateLockedException refused = assertThrows(StateLockedException.class, () -> StateLock.acquire(file, "sync orders (table t)"));
            assertTrue(refused.getMessage().startsWith("Another process holds the state of sync orders (table t): this same process (pid "
                    + ProcessHandle.current().pid() + ")"), refused.getMessage());

            Process other = holder(file);
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            assertEquals(3, other.exitValue(), "the refused attempt let the first lock go");
        }
    }

    /** Starts a {@link LockHolder} on the file. */
    private static Process holder(Path file) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString())
                .redirectErrorStream(true).start();
    }

    /** Waits for the holder to say it has the lock (its first line), however long its JVM takes to start. */
    private static void awaitLocked(Process holder) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        assertEquals("locked", line, "the holder did not get the lock");
    }
}
