package io.insidersync.run;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Opens a run: every later step of the routes records what it did on the run this puts on the exchange. */
public final class StartRun implements Processor {

    private final String table;

    public StartRun(String table) {
        this.table = table;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(SyncRun.PROPERTY, new SyncRun(table));
    }
}
