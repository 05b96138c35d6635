package io.insidersync.source;

import java.util.Iterator;
import java.util.concurrent.ExecutorService;

/**
 * Benchmark only (src/bench, never in the shipped jar): the sync's read-ahead without an exchange, so that the baseline
 * reads rows on a thread of their own exactly as the sync does. It sits in the same package to reach {@link ReadAhead.Rows}.
 */
public final class BenchReadAhead {

    private BenchReadAhead() {
    }

    /** The rows, read on {@code thread} with the sync's chunk size and number of waiting chunks. */
    public static <T> Iterator<T> of(Iterator<T> rows, ExecutorService thread) {
        ReadAhead.Rows<T> ahead = new ReadAhead.Rows<>(rows, ReadAhead.CHUNK_ROWS, ReadAhead.CHUNKS);
        ahead.start(thread);
        return ahead;
    }

    /** Stops the reader of rows made by {@link #of} and waits for it, so the driver can be closed. */
    public static void stop(Iterator<?> rows) {
        ((ReadAhead.Rows<?>) rows).stop();
    }
}
