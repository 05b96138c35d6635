package io.insidersync.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A file of the sync's state or dead letters could not be written. The file is named in the deepest cause too, as a
 * run's failure message is the deepest cause, and the JDK's own "No space left on device" names no file.
 */
public final class FileWriteFailure extends UncheckedIOException {

    public FileWriteFailure(Path file, IOException cause) {
        super("Could not write " + file + ": " + cause.getMessage(), named(file, cause));
    }

    private static IOException named(Path file, IOException cause) {
        if (cause instanceof FileSystemException fileSystem && fileSystem.getFile() != null) {
            return cause;
        }
        FileSystemException named = new FileSystemException(file.toString(), null, cause.getMessage());
        // Not its cause, or it would be the deepest again; kept for the stack trace in the log.
        named.addSuppressed(cause);
        return named;
    }
}
