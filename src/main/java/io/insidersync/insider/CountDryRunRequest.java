package io.insidersync.insider;

import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** In dry-run mode a request written to the outbox counts as sent and its users as delivered. */
public final class CountDryRunRequest implements Processor {

    @Override
    public void process(Exchange exchange) {
        UserBatch batch = exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class);
        SyncRun run = SyncRun.of(exchange);
        run.requestSent();
        run.delivered(batch.getUsers().size(), batch.getEventCount());
    }
}
