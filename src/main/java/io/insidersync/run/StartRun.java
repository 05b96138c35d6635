package io.insidersync.run;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Opens a run: every later step of the routes records what it did on the run this puts on the exchange. */
public final class StartRun implements Processor {

    private final String table;
    private final int concurrency;

    public StartRun(String table, int concurrency) {
        this.table = table;
        this.concurrency = concurrency;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.PROPERTY, new SyncRun(table, concurrency));
    }
}
