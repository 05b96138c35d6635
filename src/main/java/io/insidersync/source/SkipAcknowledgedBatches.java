package io.insidersync.source;

import java.util.Iterator;
import java.util.NoSuchElementException;

import io.insidersync.insider.UserBatch;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash, the window is read again and yields the same batches: those Insider already acknowledged (or that
 * were dead-lettered) are left out here, so they are not sent twice.
 */
public final class SkipAcknowledgedBatches implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SkipAcknowledgedBatches.class);

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Iterator<UserBatch> batches = exchange.getMessage().getMandatoryBody(Iterator.class);
        WindowProgress progress = SyncRun.of(exchange).progress();
        if (!progress.anyAcknowledged()) {
            return;
        }
        exchange.getMessage().setBody(new Iterator<UserBatch>() {
            private UserBatch next;
            private long skipped;

            @Override
            public boolean hasNext() {
                while (next == null && batches.hasNext()) {
                    UserBatch batch = batches.next();
                    if (progress.isAcknowledged(batch.getSequence())) {
                        skipped++;
                    } else {
                        next = batch;
                    }
                }
                if (next == null && skipped > 0) {
                    LOG.info("Skipped {} batches of window {} that were acknowledged before the last run stopped", skipped, progress.window());
                    skipped = 0;
                }
                return next != null;
            }

            @Override
            public UserBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                UserBatch result = next;
                next = null;
                return result;
            }
        });
    }
}
