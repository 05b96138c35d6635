package io.insidersync.run;

import java.time.Duration;
import java.time.Instant;

/**
 * How the last scheduled run of the table ended: what readiness reports (a failed run makes the program not ready
 * until a run succeeds again) and what the run metrics record.
 */
public final class LastRun {

    private final SyncMetrics metrics;
    private volatile Instant endedAt;
    private volatile String failure;

    public LastRun(SyncMetrics metrics) {
        this.metrics = metrics;
    }

    public void succeeded(SyncRun run) {
        ended(run, null);
    }

    /** @param why the run's failure in one sentence, without secrets */
    public void failed(SyncRun run, String why) {
        ended(run, why);
    }

    private void ended(SyncRun run, String why) {
        Instant now = Instant.now();
        if (run != null) {
            metrics.runEnded(Duration.between(run.started(), now), why == null);
        }
        failure = why;
        endedAt = now;
    }

    /** Whether no run has failed since the last one that succeeded (true before the first run). */
    public boolean healthy() {
        return failure == null;
    }

    /** The last run's failure, or null. */
    public String failure() {
        return failure;
    }

    /** When the last run ended, or null before the first. */
    public Instant endedAt() {
        return endedAt;
    }
}
