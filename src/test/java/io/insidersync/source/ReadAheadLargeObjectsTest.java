package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.rowset.serial.SerialClob;
import javax.sql.rowset.serial.SerialException;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.UnitOfWorkHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read-ahead reads each row's large text objects on its own thread, the one that takes rows from the driver, before
 * it takes the next row: no driver handle is left for the mapping thread, nor for after the cursor has moved on.
 */
class ReadAheadLargeObjectsTest {

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

    /** A driver's CLOB that notes when, and on which thread, it was read, and whether it was freed. */
    private static final class WatchedClob extends SerialClob {

        private final AtomicInteger rowsTaken;
        String readOnThread;
        int rowsTakenWhenRead = -1;
        boolean freed;

        WatchedClob(String text, AtomicInteger rowsTaken) throws SerialException, SQLException {
            super(text.toCharArray());
            this.rowsTaken = rowsTaken;
        }

        @Override
        public String getSubString(long position, int length) throws SerialException {
            readOnThread = Thread.currentThread().getName();
            rowsTakenWhenRead = rowsTaken.get();
            return super.getSubString(position, length);
        }

        @Override
        public void free() throws SQLException {
            freed = true;
            super.free();
        }
    }

    /** Rows as a driver hands them over, counting how many it has handed over. */
    private static Iterator<Object> driverRows(List<Map<String, Object>> rows, AtomicInteger taken) {
        Iterator<Map<String, Object>> source = rows.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Object next() {
                taken.incrementAndGet();
                return source.next();
            }
        };
    }

    private static Map<String, Object> row(long version, Object notes) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("member_id", "m-" + version);
        row.put("notes", notes);
        row.put(ChangeColumns.COMMIT_VERSION, version);
        return row;
    }

    @Test
    void eachRowsLargeTextIsReadOnTheReaderThreadBeforeTheNextRowIsTaken() throws Exception {
        AtomicInteger taken = new AtomicInteger();
        List<WatchedClob> clobs = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            WatchedClob clob = new WatchedClob("notes of row " + i + " ".repeat(i), taken);
            clobs.add(clob);
            rows.add(row(i, clob));
        }
        Exchange exchange = exchangeWith(driverRows(rows, taken));
        new ReadAhead(2, 2).process(exchange);

        List<Object> notes = new ArrayList<>();
        exchange.getMessage().getBody(Iterator.class).forEachRemaining(row -> notes.add(((Map<?, ?>) row).get("notes")));
        complete(exchange);

        for (int i = 1; i <= 5; i++) {
            assertEquals("notes of row " + i + " ".repeat(i), notes.get(i - 1));
            WatchedClob clob = clobs.get(i - 1);
            assertTrue(clob.readOnThread.endsWith("ReadAhead"), "read on " + clob.readOnThread);
            assertEquals(i, clob.rowsTakenWhenRead, "row " + i + " was read after later rows were taken from the driver");
            assertTrue(clob.freed, "the driver's handle of row " + i + " was not freed");
        }
    }

    @Test
    void aLargeObjectTheDriverCannotReadFailsTheRunNamingItsColumnAndVersion() throws Exception {
        SerialClob closed = new SerialClob("gone".toCharArray()) {
            @Override
            public long length() throws SerialException {
                throw new SerialException("the LOB was closed");
            }
        };
        Exchange exchange = exchangeWith(driverRows(List.of(row(3, closed)), new AtomicInteger()));
        new ReadAhead(2, 2).process(exchange);
        Iterator<?> rows = exchange.getMessage().getBody(Iterator.class);

        SourceException thrown = assertThrows(SourceException.class, rows::next);
        complete(exchange);

        assertEquals("Could not read column notes (CLOB) of a row of version 3: the LOB was closed", thrown.getMessage());
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
