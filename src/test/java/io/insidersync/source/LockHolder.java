package io.insidersync.source;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A process of its own that takes a {@link StateLock}: prints {@code locked} and holds it until its input closes, or
 * prints why it could not and exits 3, as the program does.
 */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws IOException {
        StateLock lock;
        try {
            lock = StateLock.acquire(Path.of(args[0]), "table t");
        } catch (StateLockedException e) {
            System.out.println(e.getMessage());
            System.exit(3);
            return;
        }
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
            // holds the lock until the test closes this process's input
        }
        lock.close();
    }
}
