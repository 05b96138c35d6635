package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void missingFoldersAreMadePrivateAndTheOnesThatExistAreLeftAsTheyAre() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));

        PrivateFiles.createDirectories(dir.resolve("a").resolve("b"));

        assertEquals("rwxrwx---", permissions(dir));
        assertEquals("rwx------", permissions(dir.resolve("a")));
        assertEquals("rwx------", permissions(dir.resolve("a").resolve("b")));
    }

    @Test
    void aNewFileIsPrivateAndAFileThatExistsIsNotChanged() throws Exception {
        Path existing = Files.writeString(dir.resolve("old.jsonl"), "{}\n");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r-----"));

        PrivateFiles.createFile(dir.resolve("new.jsonl"));
        PrivateFiles.createFile(existing);

        assertEquals("rw-------", permissions(dir.resolve("new.jsonl")));
        assertEquals("rw-r-----", permissions(existing));
        assertEquals("{}\n", Files.readString(existing));
    }

    @Test
    void onAFileSystemWithoutPosixPermissionsNothingFails() throws Exception {
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + dir.resolve("state.zip").toUri()), Map.of("create", "true"))) {
            assertFalse(zip.supportedFileAttributeViews().contains("posix"));
            Path folder = zip.getPath("/state/sync");

            PrivateFiles.createDirectories(folder);
            PrivateFiles.createFile(folder.resolve("t.jsonl"));
            Path temp = PrivateFiles.createTempFile(folder, "checkpoint-t.json.", ".tmp");

            assertTrue(Files.isDirectory(folder));
            assertTrue(Files.isRegularFile(folder.resolve("t.jsonl")));
            assertTrue(Files.isRegularFile(temp) && temp.getFileName().toString().matches("checkpoint-t\\.json\\.[0-9]+\\.tmp"), temp.toString());
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
