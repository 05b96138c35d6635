package io.insidersync.run;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The aggregation strategy of the row split. A row that failed (a per-row step threw, a sender stopped the run, the
 * window's batches are not those acknowledged before) fails the run with its exception, and no row after it is read.
 * A row that a per-row step stopped (Camel's {@code stop}) ends only that row: the split goes on with the next one,
 * as Camel's splitter does without {@code stopOnException}, which would end the whole window there instead.
 */
public final class StopAtFailedRow implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("the row split calls aggregate(old, row, window)");
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange row, Exchange window) {
        Exception failure = row.getException();
        if (failure != null && window.getException() == null) {
            window.setException(failure);
            SyncRun.of(window).stopReading();
        }
        // The window's exchange stays the split's result: its body and headers are not a row's.
        return window;
    }
}
