package io.insidersync.run;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness follows the last run: down after a run failed (the message says why), up again when a run succeeds.
 * Liveness is Camel's own: a failed run is not a reason to restart the program, which retries at the next fire.
 */
public final class LastRunHealthCheck extends AbstractHealthCheck {

    private final LastRun lastRun;
    private final String table;

    public LastRunHealthCheck(LastRun lastRun, String table) {
        super("sync", "last-run-" + table);
        this.lastRun = lastRun;
        this.table = table;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("table", table);
        if (lastRun.endedAt() != null) {
            builder.detail("last.run.ended", lastRun.endedAt().toString());
        }
        if (lastRun.healthy()) {
            builder.up();
        } else {
            builder.message("The last sync run of " + table + " failed: " + lastRun.failure()).down();
        }
    }
}
