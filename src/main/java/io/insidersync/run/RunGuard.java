package io.insidersync.run;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run at a time. Quartz never fires the schedule while its previous fire runs; this also keeps the
 * catch-up run at start-up and a fire of the schedule from overlapping.
 */
public final class RunGuard {

    private static final Logger LOG = LoggerFactory.getLogger("io.insidersync.sync");

    private final AtomicBoolean running = new AtomicBoolean();

    /** Whether this run may start: false, and a log line, while another one is going. */
    public boolean tryStart() {
        boolean started = running.compareAndSet(false, true);
        if (!started) {
            LOG.info("A sync run is still going: this fire of the schedule is skipped");
        }
        return started;
    }

    public void finish() {
        running.set(false);
    }
}
