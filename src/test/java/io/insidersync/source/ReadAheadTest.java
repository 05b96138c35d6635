package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.insidersync.support.Eventually;
import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.UnitOfWorkHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-ahead hands on every row in order, reads only a few chunks ahead, and leaves the driver alone once stopped. */
class ReadAheadTest {

    private DefaultCamelContext context;

    @BeforeEach
    void startCamel() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    @Test
    void everyRowComesOutOnceAndInTheOrderItWasRead() throws Exception {
        List<Integer> read = new ArrayList<>();
        for (int i = 0; i < 10_007; i++) {
            read.add(i);
        }
        Exchange exchange = exchangeWith(read.iterator());
        new ReadAhead(100, 3).process(exchange);

        List<Object> pulled = new ArrayList<>();
        exchange.getMessage().getBody(Iterator.class).forEachRemaining(pulled::add);

        assertEquals(read, pulled);
    }

    @Test
    void theReaderStaysAFewChunksAheadOfTheRowsPulled() throws Exception {
        AtomicLong readByDriver = new AtomicLong();
        Iterator<Long> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Long next() {
                return readByDriver.incrementAndGet();
            }
        };
        Exchange exchange = exchangeWith(endless);
        new ReadAhead(50, 4).process(exchange);
        Iterator<?> rows = exchange.getMessage().getBody(Iterator.class);

        rows.next();
        // The chunk being pulled, 4 waiting, and a full one the reader waits to hand on: the reader can go no further.
        long limit = 50 + 4 * 50 + 50;
        // The driver here never waits, so a reader thread that waits has done all it can: it waits for room.
        Eventually.await(() -> "the reader to wait for room; it read " + readByDriver.get() + " rows", Duration.ofSeconds(10),
                () -> readByDriver.get() >= limit && readAheadThread().map(ReadAheadTest::waiting).orElse(false));
        assertEquals(limit, readByDriver.get(), "the reader went on past the chunks that may wait");
        complete(exchange);
    }

    @Test
    void aFailureOfTheDriverComesOutAfterTheRowsReadBeforeIt() throws Exception {
        RuntimeCamelException driverFailure = new RuntimeCamelException("Cannot process result", new java.sql.SQLException("connection reset"));
        Iterator<Integer> failing = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 120) {
                    throw driverFailure;
                }
                return next++;
            }
        };
        Exchange exchange = exchangeWith(failing);
        new ReadAhead(50, 2).process(exchange);
        Iterator<?> rows = exchange.getMessage().getBody(Iterator.class);

        List<Object> pulled = new ArrayList<>();
        RuntimeCamelException thrown = assertThrows(RuntimeCamelException.class, () -> rows.forEachRemaining(pulled::add));

        assertSame(driverFailure, thrown);
        assertEquals(120, pulled.size());
        assertEquals(119, pulled.get(119));
    }

    @Test
    void theReaderHasStoppedBeforeCamelJdbcClosesTheConnection() throws Exception {
        CountDownLatch inSlowFetch = new CountDownLatch(1);
        AtomicBoolean fetchMayReturn = new AtomicBoolean();
        AtomicLong readByDriver = new AtomicLong();
        Iterator<Long> slowAfterAWhile = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Long next() {
                long n = readByDriver.incrementAndGet();
                if (n == 30) {
                    // A fetch from the database that takes a while: the run fails while the reader is in it.
                    inSlowFetch.countDown();
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    fetchMayReturn.set(true);
                }
                return n;
            }
        };
        Exchange exchange = exchangeWith(slowAfterAWhile);
        new ReadAhead(10, 2).process(exchange);
        exchange.getMessage().getBody(Iterator.class).next();
        assertTrue(inSlowFetch.await(10, TimeUnit.SECONDS));

        AtomicReference<String> whenClosed = new AtomicReference<>();
        AtomicLong readWhenClosed = new AtomicLong();
        ReadAhead.Rows<?> rows = (ReadAhead.Rows<?>) exchange.getMessage().getBody();
        // camel-jdbc closes a StreamList's connection with a completion of this order (JdbcProducer).
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                whenClosed.set("reader finished " + rows.readerFinished() + ", slow fetch returned " + fetchMayReturn.get());
                readWhenClosed.set(readByDriver.get());
            }

            @Override
            public int getOrder() {
                return Ordered.LOWEST + 200;
            }
        });
        complete(exchange);
        // Once the reader's thread has ended, nothing of the read-ahead can read the driver any more.
        Eventually.await("the read-ahead thread to end", Duration.ofSeconds(10), () -> readAheadThread().isEmpty());

        assertEquals("reader finished true, slow fetch returned true", whenClosed.get());
        assertEquals(readWhenClosed.get(), readByDriver.get(), "the driver was read after its connection was closed");
    }

    @Test
    void aReaderThatFinishedLeavesNothingRunning() throws Exception {
        Exchange exchange = exchangeWith(List.of(1, 2, 3).iterator());
        new ReadAhead(2, 1).process(exchange);
        ReadAhead.Rows<?> rows = (ReadAhead.Rows<?>) exchange.getMessage().getBody();
        rows.forEachRemaining(row -> { });
        assertFalse(rows.hasNext());

        complete(exchange);

        assertTrue(rows.readerFinished());
        Eventually.await("the read-ahead thread to end after its run", Duration.ofSeconds(10), () -> readAheadThread().isEmpty());
    }

    /** This test's read-ahead thread, while it is alive. */
    private Optional<Thread> readAheadThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().contains("(" + context.getName() + ")") && thread.getName().endsWith("ReadAhead"))
                .findFirst();
    }

    private static boolean waiting(Thread thread) {
        return thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING;
    }

    private Exchange exchangeWith(Iterator<?> rows) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(rows);
        return exchange;
    }

    /** What Camel does when the exchange's unit of work is done: its completions, in their order. */
    private static void complete(Exchange exchange) {
        List<Synchronization> completions = exchange.getExchangeExtension().handoverCompletions();
        UnitOfWorkHelper.doneSynchronizations(exchange, completions);
    }
}
