package io.insidersync.run;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Opens a run: every later step of the routes records what it did on the run this puts on the exchange. */
public final class StartRun implements Processor {

    private final String table;
    private final int concurrency;
    private final int outageAfter;
    private final SyncMetrics metrics;
    private final ScheduleState scheduleState;
    private final RunningSyncs running;

    public StartRun(String table, int concurrency, int outageAfter, SyncMetrics metrics, ScheduleState scheduleState, RunningSyncs running) {
        this.running = running;
        this.table = table;
        this.concurrency = concurrency;
        this.outageAfter = outageAfter;
        this.metrics = metrics;
        this.scheduleState = scheduleState;
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun run = new SyncRun(table, concurrency, outageAfter, metrics);
        scheduleState.runStarted(run.started());
        exchange.setProperty(SyncRun.PROPERTY, run);
        running.started(run);
    }
}
