package io.insidersync.run;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs why a scheduled run failed, in one sentence; the next scheduled run tries the same window again. */
public final class ReportRunFailure implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.insidersync.sync");

    private final LastRun lastRun;

    public ReportRunFailure(LastRun lastRun) {
        this.lastRun = lastRun;
    }

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = failure == null ? "unknown error" : RunFailures.describe(failure);
        lastRun.failed(exchange.getProperty(SyncRun.PROPERTY, SyncRun.class), why);
        LOG.error("Sync run failed: {}", why);
    }
}
