package io.insidersync.run;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs why a scheduled run failed, in one sentence; the next scheduled run tries the same window again. */
public final class ReportRunFailure implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.insidersync.sync");

    private final LastRun lastRun;
    /** Named in the sentence: with several tables, the log says whose run failed. */
    private final String table;

    public ReportRunFailure(LastRun lastRun, String table) {
        this.lastRun = lastRun;
        this.table = table;
    }

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = failure == null ? "unknown error" : RunFailures.describe(failure);
        lastRun.failed(exchange.getProperty(SyncRun.PROPERTY, SyncRun.class), why);
        LOG.error("Sync run of {} failed: {}", table, why);
    }
}
