package io.insidersync.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a folder, to fill up as a real disk fills up. Mounting needs root (the tests run as root on
 * CI); elsewhere {@link #mount} gives nothing and the test that needs it is skipped. Unmount it with {@link #close}.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path folder;
    private final Path filler;

    private SmallDisk(Path folder) {
        this.folder = folder;
        this.filler = folder.resolve("filler");
    }

    /** Mounts a tmpfs of this many bytes on the folder (which must exist), or nothing when this process may not. */
    public static Optional<SmallDisk> mount(Path folder, long bytes) throws IOException, InterruptedException {
        int exit = run("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "tmpfs", folder.toString());
        return exit == 0 ? Optional.of(new SmallDisk(folder)) : Optional.empty();
    }

    public Path folder() {
        return folder;
    }

    /** Fills the disk so that only this many bytes are left (tmpfs counts whole pages of 4096). */
    public void fillLeaving(long bytes) throws IOException {
        long toWrite = Files.getFileStore(folder).getUsableSpace() - bytes;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < toWrite; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, toWrite - written));
            }
        }
    }

    /** Makes room again. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", folder.toString()) != 0) {
            // Something still has a file open on it: detach it now, it goes when the last file is closed.
            run("umount", "-l", folder.toString());
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noSuchCommand) {
            return -1;
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
