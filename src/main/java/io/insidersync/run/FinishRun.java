package io.insidersync.run;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Ends a run with its one-line summary as the body, for whoever started the run: the schedule route logs it,
 * --once prints it.
 */
public final class FinishRun implements Processor {

    private final LastRun lastRun;

    public FinishRun(LastRun lastRun) {
        this.lastRun = lastRun;
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        lastRun.succeeded(run);
        exchange.getMessage().setBody(run.summary());
    }
}
