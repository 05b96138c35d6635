package io.insidersync.source;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders that only the process's user can open: files {@code 0600}, folders {@code 0700}, whatever the
 * umask. They hold customers' data (keys in checkpoints, rows in dead letters, users in request bodies).
 * <p>
 * The permissions are given when a file is created, so it is never open to others for a moment, and set again right
 * after, because the umask may have taken some away. What exists already is left as it is: a folder the operator made
 * (the container's volume, shared with group 0 on purpose) keeps its permissions. On a file system without POSIX
 * permissions nothing is set and nothing fails.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates the folder and any missing parent, each {@code 0700}; the folders that exist are not changed. */
    public static void createDirectories(Path directory) throws IOException {
        Path folder = directory.toAbsolutePath();
        if (Files.isDirectory(folder)) {
            return;
        }
        Path parent = folder.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(folder, attributes(folder, FOLDER));
            restrict(folder, FOLDER);
        } catch (FileAlreadyExistsException e) {
            // Made meanwhile by another thread: theirs, and private as well.
            if (!Files.isDirectory(folder)) {
                throw e;
            }
        }
    }

    /** Creates the file empty and {@code 0600} unless it exists; an existing file is not changed. */
    public static void createFile(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, attributes(file, FILE));
            restrict(file, FILE);
        } catch (FileAlreadyExistsException createdMeanwhile) {
            // by another thread, through this class
        }
    }

    /** A new, empty {@code 0600} file in the folder with a name of its own: {@code prefix}, random digits, {@code suffix}. */
    public static Path createTempFile(Path directory, String prefix, String suffix) throws IOException {
        Path temp = Files.createTempFile(directory, prefix, suffix, attributes(directory, FILE));
        restrict(temp, FILE);
        return temp;
    }

    private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
        return hasPosixPermissions(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static boolean hasPosixPermissions(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Sets the permissions exactly, as the umask applies to those given at creation. */
    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (!hasPosixPermissions(path)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (FileSystemException refused) {
            // Only a file system without permissions mounted on a POSIX system (FAT, some network shares) refuses to set
            // them on what this process has just made; its mount options decide who may read.
        }
    }
}
