package io.insidersync.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.insidersync.insider.StopRequestedException;
import io.insidersync.source.WindowProgress;

/**
 * The runs this process has going, one per table, so that a request to stop (SIGTERM) reaches every one: nothing more is
 * admitted, and what is in flight finishes and is recorded. A run that starts after the stop is stopped at once.
 */
public final class RunningSyncs {

    private final Map<String, SyncRun> latest = new ConcurrentHashMap<>();
    private volatile StopRequestedException stopping;

    /** A run starts: it is the one of its table now. */
    public void started(SyncRun run) {
        latest.put(run.table(), run);
        StopRequestedException stop = stopping;
        if (stop != null) {
            run.inFlight().stop(stop);
        }
    }

    /** Stops every run: none admits another batch. */
    public void stopAll() {
        StopRequestedException stop = new StopRequestedException();
        stopping = stop;
        latest.values().forEach(run -> run.inFlight().stop(stop));
    }

    /** Where each table's latest run stood, for the log line of a stop. */
    public List<String> whereStopped() {
        List<String> lines = new ArrayList<>();
        for (SyncRun run : latest.values()) {
            WindowProgress progress = run.progress();
            if (progress == null) {
                lines.add("sync " + run.table() + ": no window was being read");
            } else {
                WindowProgress.Acknowledged acknowledged = progress.acknowledged();
                lines.add("sync " + run.table() + ": window " + progress.window() + ", batches acknowledged: every one below "
                        + acknowledged.below() + (acknowledged.above().isEmpty() ? "" : " and " + acknowledged.above())
                        + "; requests " + run.requests() + ", users delivered " + run.usersDelivered());
            }
        }
        return lines;
    }
}
