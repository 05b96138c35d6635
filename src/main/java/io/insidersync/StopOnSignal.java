package io.insidersync;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.insidersync.run.RunningSyncs;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the process does on SIGTERM (a pod being terminated, {@code docker stop}): every run stops admitting batches, the
 * requests in flight finish and are recorded, the log says where each run stopped, and the process ends as soon as
 * that is done, at the latest after {@code sync.stop-timeout-seconds}. Camel's own graceful stop would wait for a run to
 * send its whole window instead.
 */
final class StopOnSignal {

    private static final Logger LOG = LoggerFactory.getLogger("io.insidersync.sync");
    /** The exit code of a process ended by SIGTERM, also when the time is up. */
    private static final int SIGTERM_EXIT = 143;

    private final Main main;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "sync-stop-on-signal");

    StopOnSignal(Main main) {
        this.main = main;
    }

    void install() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command is over (its runs finished, Camel stopped): a stop under way need wait no longer. */
    void finished() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException stopping) {
            // the process is already stopping: the hook runs, and sees the command finished
        }
    }

    private void stop() {
        CamelContext context = main.getCamelContext();
        RunningSyncs runs = context == null ? null : context.getRegistry().lookupByNameAndType(SyncBeans.RUNNING_SYNCS, RunningSyncs.class);
        if (runs == null) {
            return;
        }
        long seconds = context.getPropertiesComponent().resolveProperty("sync.stop-timeout-seconds").map(String::trim)
                .filter(value -> value.matches("\\d{1,4}")).map(Long::parseLong).orElse(20L);
        LOG.info("Asked to stop (SIGTERM): nothing more is sent; waiting at most {} s for the requests under way", seconds);
        runs.stopAll();
        boolean done;
        try {
            done = finished.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        runs.whereStopped().forEach(line -> LOG.info("Stopped: {}", line));
        if (!done) {
            LOG.warn("Still not stopped after {} s (sync.stop-timeout-seconds): ending now; a request still under way may be sent again "
                    + "by the next run", seconds);
            Runtime.getRuntime().halt(SIGTERM_EXIT);
        }
    }
}
