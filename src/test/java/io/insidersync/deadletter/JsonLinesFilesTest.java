package io.insidersync.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending records whole or not at all, with a file that fails part way as a full disk does (a short write, then
 * "No space left on device"). {@code FullDiskDeadLetterTest} does the same on a real full file system.
 */
class JsonLinesFilesTest {

    private static final String FIRST = "{\"record\":1}\n{\"record\":2}\n";
    private static final String NEXT = "{\"record\":3,\"reason\":\"" + "x".repeat(5000) + "\"}\n{\"record\":4}\n";

    @TempDir
    Path dir;

    @Test
    void anAppendThatFailsPartWayIsCutBackToTheLinesBeforeIt() throws Exception {
        Path file = dir.resolve("t.jsonl");
        JsonLinesFiles.append(file, bytes(FIRST));

        IOException failure;
        try (FileChannel channel = new DiskFullAfter(open(file), 100, false)) {
            failure = assertThrows(IOException.class, () -> JsonLinesFiles.append(file, channel, bytes(NEXT)));
        }

        assertEquals("No space left on device", failure.getMessage());
        assertEquals(FIRST, Files.readString(file), "part of the failed record was left in the file");
    }

    @Test
    void whenTheFileCannotBeCutBackTheNextAppendCutsTheTornRecordFirst() throws Exception {
        Path file = dir.resolve("t.jsonl");
        JsonLinesFiles.append(file, bytes(FIRST));
        try (FileChannel channel = new DiskFullAfter(open(file), 100, true)) {
            assertThrows(IOException.class, () -> JsonLinesFiles.append(file, channel, bytes(NEXT)));
        }
        assertEquals(FIRST.length() + 100, Files.size(file), "the simulated failure did not leave a torn record");

        JsonLinesFiles.append(file, bytes(NEXT));

        assertEquals(FIRST + NEXT, Files.readString(file));
    }

    @Test
    void aTornTailLeftByACrashIsCutBeforeTheNextAppend() throws Exception {
        Path file = dir.resolve("t.jsonl");
        // Longer than the chunk the end of the file is searched in, so the last newline is found several chunks back.
        Files.writeString(file, FIRST + "{\"record\":3,\"reason\":\"" + "x".repeat(20_000));

        JsonLinesFiles.append(file, bytes(NEXT));

        assertEquals(FIRST + NEXT, Files.readString(file));
    }

    @Test
    void aFileWithNoWholeLineIsCutToNothingBeforeTheNextAppend() throws Exception {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, "{\"record\":1,\"rea");

        JsonLinesFiles.append(file, bytes(FIRST));

        assertEquals(FIRST, Files.readString(file));
    }

    @Test
    void cuttingATornTailAloneLeavesTheWholeLinesAndAFileThatEndsWithOne() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        Files.writeString(whole, FIRST);
        Path torn = dir.resolve("torn.jsonl");
        Files.writeString(torn, FIRST + "{\"rec");

        JsonLinesFiles.cutTornTail(whole);
        JsonLinesFiles.cutTornTail(torn);
        JsonLinesFiles.cutTornTail(dir.resolve("absent.jsonl"));

        assertEquals(FIRST, Files.readString(whole));
        assertEquals(FIRST, Files.readString(torn));
        assertTrue(Files.notExists(dir.resolve("absent.jsonl")));
    }

    @Test
    void appendedFilesAndTheFoldersMadeForThemAreTheProcessUsersAlone() throws Exception {
        Path file = dir.resolve("dead").resolve("letters").resolve("t.jsonl");

        JsonLinesFiles.append(file, bytes(FIRST));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        for (Path folder : List.of(dir.resolve("dead"), dir.resolve("dead").resolve("letters"))) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)), folder.toString());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * A real file whose disk fills up: it takes {@code room} more bytes (one short write), then every write fails as
     * Linux fails it. With {@code cannotTruncate}, cutting the file back fails as well (the process dies first, say).
     */
    private static final class DiskFullAfter extends FileChannel {

        private final FileChannel file;
        private final boolean cannotTruncate;
        private long room;

        DiskFullAfter(FileChannel file, long room, boolean cannotTruncate) {
            this.file = file;
            this.room = room;
            this.cannotTruncate = cannotTruncate;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            if (room == 0) {
                throw new IOException("No space left on device");
            }
            ByteBuffer part = source.slice();
            part.limit((int) Math.min(part.remaining(), room));
            int written = file.write(part, position);
            source.position(source.position() + written);
            room -= written;
            return written;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int written = write(source, file.position());
            file.position(file.position() + written);
            return written;
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (cannotTruncate) {
                throw new IOException("Input/output error");
            }
            file.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            return file.read(destination);
        }

        @Override
        public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
            return file.read(destinations, offset, length);
        }

        @Override
        public int read(ByteBuffer destination, long position) throws IOException {
            return file.read(destination, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
