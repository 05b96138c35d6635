package io.insidersync.run;

import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how a long window is going (rows read, users delivered, requests, rate) at a steady interval, so that a run of
 * hours shows it is alive. Called for every batch; it logs only when the interval has passed since the last line.
 */
public final class ReportProgress implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.insidersync.sync");

    private final Duration interval;

    public ReportProgress(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        if (run.progressDue(interval)) {
            LOG.info(line(run, Instant.now()));
        }
    }

    static String line(SyncRun run, Instant now) {
        double seconds = Math.max(0.001, Duration.between(run.started(), now).toMillis() / 1000.0);
        return String.format("sync %s: window %s in progress after %.0f s: rows read %d (%.0f/s), users %d, requests %d, dead-lettered %d",
                run.table(), run.getWindow(), seconds, run.rowsRead(), run.rowsRead() / seconds, run.usersDelivered(), run.requests(),
                run.deadLetteredCount());
    }
}
