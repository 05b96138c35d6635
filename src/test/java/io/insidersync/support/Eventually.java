package io.insidersync.support;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A test's wait for what it is waiting for, not for a fixed time: the condition is checked every few milliseconds and
 * the wait ends as soon as it holds, or fails once the deadline has passed.
 */
public final class Eventually {

    private static final long CHECK_EVERY_MILLIS = 5;

    private Eventually() {
    }

    /** A condition to wait for. An exception it throws (an {@link AssertionError} among them) ends the wait at once. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds; fails naming {@code what} when it still does not after {@code deadline}. */
    public static void await(String what, Duration deadline, Condition condition) throws Exception {
        await(() -> what, deadline, condition);
    }

    /** As {@link #await(String, Duration, Condition)}; {@code what} is asked for only on failure, so it may tell the latest state. */
    public static void await(Supplier<String> what, Duration deadline, Condition condition) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - end >= 0) {
                throw new AssertionError("Waited " + deadline.toMillis() + " ms for " + what.get());
            }
            Thread.sleep(CHECK_EVERY_MILLIS);
        }
    }
}
