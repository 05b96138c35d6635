package io.insidersync.source;

import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a window: every batch was delivered or dead-lettered, so the checkpoint moves to the window's end.
 * A run that failed never gets here, and its window is read again next time.
 */
public final class CommitCheckpoint implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CommitCheckpoint.class);

    private final CheckpointStore checkpoints;

    public CommitCheckpoint(CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        long version = run.getWindow().toVersion();
        checkpoints.write(version);
        run.metrics().lag(0, 0);
        LOG.debug("Checkpoint of {} moved to version {}", run.table(), version);
    }
}
