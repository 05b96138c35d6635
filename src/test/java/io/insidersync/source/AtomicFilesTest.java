package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.insidersync.run.RunFailures;
import io.insidersync.support.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void theFileAndTheFoldersMadeForItAreTheProcessUsersAlone() throws Exception {
        Path file = dir.resolve("state").resolve("sync").resolve("checkpoint-t.json");

        AtomicFiles.replace(file, bytes("{\"version\":1}"));

        assertEquals("rw-------", permissions(file));
        assertEquals("rwx------", permissions(dir.resolve("state")));
        assertEquals("rwx------", permissions(dir.resolve("state").resolve("sync")));
    }

    @Test
    void aFolderThatExistsKeepsItsPermissions() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));

        AtomicFiles.replace(dir.resolve("checkpoint-t.json"), bytes("{}"));

        assertEquals("rwxrwx---", permissions(dir), "the operator's folder (the container's volume) was changed");
    }

    @Test
    void twoWritersOfOneFileNeverShareATemporaryFile() throws Exception {
        Path file = dir.resolve("checkpoint-t.json");
        int writers = 2;
        int writes = 300;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> done = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String name = "writer " + writer;
                Callable<Object> writing = () -> {
                    start.await();
                    for (int i = 0; i < writes; i++) {
                        AtomicFiles.replace(file, bytes("{\"by\":\"" + name + "\",\"n\":" + i + ",\"pad\":\"" + "x".repeat(2000) + "\"}"));
                    }
                    return null;
                };
                done.add(pool.submit(writing));
            }
            start.countDown();
            for (Future<Object> writer : done) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        String content = Files.readString(file);
        assertTrue(content.matches("\\{\"by\":\"writer [01]\",\"n\":" + (writes - 1) + ",\"pad\":\"x{2000}\"}"), "a mix of two writes: " + content);
        assertEquals(List.of(file), files(), "temporary files were left");
    }

    @Test
    void leftOverTemporaryFilesOfACrashGoAtTheFirstReplaceOnceTheyAreOld() throws Exception {
        Path file = dir.resolve("checkpoint-t.json");
        Path old = dir.resolve("checkpoint-t.json.8031972034.tmp");
        Path previousRelease = dir.resolve("checkpoint-t.json.tmp");
        Path fresh = dir.resolve("checkpoint-t.json.5550123.tmp");
        Path anotherFiles = dir.resolve("checkpoint-t.json.json.123.tmp");
        Path notATemporaryFile = dir.resolve("checkpoint-t.json.backup");
        for (Path path : List.of(old, previousRelease, fresh, anotherFiles, notATemporaryFile)) {
            Files.writeString(path, "{\"vers");
        }
        FileTime anHourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        for (Path path : List.of(old, previousRelease, anotherFiles, notATemporaryFile)) {
            Files.setLastModifiedTime(path, anHourAgo);
        }

        AtomicFiles.replace(file, bytes("{\"version\":2}"));

        assertEquals(List.of(file, fresh, notATemporaryFile, anotherFiles), files(),
                "only this file's temporary files older than " + AtomicFiles.LEFT_OVER_AGE + " go");
        assertEquals("{\"version\":2}", Files.readString(file));
    }

    @Test
    void aWriteThatFailsOnAFullDiskLeavesTheOldContentAndNoTemporaryFile() throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve("disk"));
        Optional<SmallDisk> mounted = SmallDisk.mount(mountPoint, 64 * 1024);
        assumeTrue(mounted.isPresent(), "mounting a tmpfs needs root; JsonLinesFilesTest simulates a full disk everywhere");
        try (SmallDisk disk = mounted.get()) {
            Path file = mountPoint.resolve("checkpoint-t.json");
            AtomicFiles.replace(file, bytes("{\"version\":1}"));
            disk.fillLeaving(4096);

            UncheckedIOException failure = assertThrows(UncheckedIOException.class,
                    () -> AtomicFiles.replace(file, bytes("{\"version\":2,\"pad\":\"" + "x".repeat(10_000) + "\"}")));

            assertTrue(RunFailures.describe(failure).contains(file + ": No space left on device"), RunFailures.describe(failure));
            assertEquals("{\"version\":1}", Files.readString(file));
            try (Stream<Path> left = Files.list(mountPoint)) {
                assertEquals(List.of(file, mountPoint.resolve("filler")), left.sorted().toList(), "a temporary file was left");
            }
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
