package io.insidersync.source;

import io.insidersync.insider.DeliveryProperties;
import io.insidersync.insider.UserBatch;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The last step of a batch: Insider acknowledged it or it is in the dead letter, so the window's progress records it,
 * with the digest of what it held, on disk before the sender takes another batch. A crash after this never sends the
 * batch again.
 */
public final class AcknowledgeBatch implements Processor {

    private final CheckpointStore checkpoints;

    public AcknowledgeBatch(CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public void process(Exchange exchange) {
        WindowProgress progress = SyncRun.of(exchange).progress();
        UserBatch batch = exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class);
        progress.acknowledge(batch.getSequence(), BatchDigest.of(batch));
        checkpoints.writeProgress(progress);
    }
}
