package io.insidersync.source;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-ahead step of the route: the window's rows are taken from the database driver on a thread of their own, a
 * few chunks ahead of the step that pulls them. Fetching and decoding rows (the driver's work) and mapping, grouping and
 * writing the rows before them (the sync's) then each use a core, instead of taking turns on one. At most
 * {@code chunks × chunkSize} rows wait between the two, so memory stays flat whatever the window's size; rows come out
 * in the order they were read, and a failure of the driver comes out where it happened, after the rows read before it.
 * The reader is the one thread that touches the driver's rows, so it also reads their large text objects
 * ({@link LargeObjects}) while the result set is open.
 *
 * <p>The reader stops, and is waited for, when the exchange completes, before camel-jdbc closes the connection: a
 * run that fails part way never has the connection closed under a fetch.
 */
public final class ReadAhead implements Processor {

    /** Rows handed on at a time, and how many such chunks may wait: with the chunk being filled and the one being
     * pulled, at most 3,000 rows, a few MB. */
    public static final int CHUNK_ROWS = 500;
    public static final int CHUNKS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ReadAhead.class);
    /** How long the completion waits for the reader to finish the fetch it is in before the connection is closed. */
    private static final long STOP_WAIT_SECONDS = 60;

    private final int chunkSize;
    private final int chunks;

    public ReadAhead(int chunkSize, int chunks) {
        if (chunkSize < 1 || chunks < 1) {
            throw new IllegalArgumentException("chunkSize and chunks must be positive");
        }
        this.chunkSize = chunkSize;
        this.chunks = chunks;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Iterator<Object> rows = exchange.getMessage().getMandatoryBody(Iterator.class);
        ExecutorServiceManager executors = exchange.getContext().getExecutorServiceManager();
        ExecutorService thread = executors.newSingleThreadExecutor(this, "ReadAhead");
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        // Counted as they are handed on, before any step of the flow may drop one: "rows read" is what the window gave.
        LongConsumer counted = run == null ? taken -> { } : run::rowsRead;
        // A failed row ends the rows the split is given (see StopAtFailedRow), as does a run that must stop (an outage,
        // refused credentials, SIGTERM), even while per-row steps drop every row.
        BooleanSupplier stopped = run == null ? () -> false : () -> run.readingStopped() || run.inFlight().stopped();
        Rows<Object> ahead = new Rows<>(LargeObjects.readAsTaken(rows), chunkSize, chunks, counted, stopped);
        ahead.start(thread);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                ahead.stop();
                executors.shutdown(thread);
            }

            @Override
            public int getOrder() {
                // Before every other completion, camel-jdbc's closing of the connection among them.
                return Ordered.HIGHEST;
            }
        });
        exchange.getMessage().setBody(ahead);
    }

    /** The rows, as read by the reader thread: hands them on in order, then the end or the reader's failure. */
    static final class Rows<T> implements Iterator<T> {

        private static final Object END = new Object();

        private final Iterator<T> source;
        private final int chunkSize;
        private final BlockingQueue<Object> queue;
        private final LongConsumer counted;
        private final BooleanSupplier stoppedByConsumer;
        private volatile boolean stopped;
        private Future<?> reader;
        private List<T> current = List.of();
        private int position;
        private boolean ended;

        Rows(Iterator<T> source, int chunkSize, int chunks) {
            this(source, chunkSize, chunks, taken -> { }, () -> false);
        }

        /**
         * @param counted           told how many rows each chunk the consumer takes holds
         * @param stoppedByConsumer true once the consumer wants no more rows: the rows end there
         */
        Rows(Iterator<T> source, int chunkSize, int chunks, LongConsumer counted, BooleanSupplier stoppedByConsumer) {
            this.source = source;
            this.chunkSize = chunkSize;
            this.queue = new ArrayBlockingQueue<>(chunks);
            this.counted = counted;
            this.stoppedByConsumer = stoppedByConsumer;
        }

        void start(ExecutorService thread) {
            reader = thread.submit(this::read);
        }

        private void read() {
            List<T> chunk = new ArrayList<>(chunkSize);
            Object last = END;
            try {
                while (!stopped && source.hasNext()) {
                    chunk.add(source.next());
                    if (chunk.size() == chunkSize) {
                        handOn(chunk);
                        chunk = new ArrayList<>(chunkSize);
                    }
                }
            } catch (RuntimeException | Error e) {
                last = new Failure(e);
            }
            // The rows read before a failure are handed on before it.
            if (!chunk.isEmpty()) {
                handOn(chunk);
            }
            handOn(last);
        }

        /** Waits for room, unless the rows are no longer wanted. */
        private void handOn(Object item) {
            try {
                while (!stopped) {
                    if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean hasNext() {
            if (stoppedByConsumer.getAsBoolean()) {
                return false;
            }
            while (position == current.size()) {
                if (ended) {
                    return false;
                }
                Object item = take();
                if (item == END) {
                    ended = true;
                } else if (item instanceof Failure failure) {
                    ended = true;
                    if (failure.cause() instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure.cause();
                } else {
                    current = (List<T>) item;
                    position = 0;
                    counted.accept(current.size());
                }
            }
            return true;
        }

        private Object take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeCamelException("Interrupted while waiting for the database's next rows", e);
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.get(position++);
        }

        /** Stops the reader after the row it is reading and waits for it, so the driver is left alone afterwards. */
        void stop() {
            stopped = true;
            queue.clear();
            if (reader == null) {
                return;
            }
            try {
                reader.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                LOG.warn("The database's driver did not return a row within {} s; its connection is closed anyway", STOP_WAIT_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // read() hands its failures on as items; nothing is left to report here.
            }
        }

        /** Whether the reader has returned: the driver is no longer in use. */
        boolean readerFinished() {
            return reader != null && reader.isDone();
        }

        private record Failure(Throwable cause) {
        }
    }
}
