package io.insidersync.source;

import java.util.function.Consumer;

import io.insidersync.insider.UserBatch;
import io.insidersync.run.SyncRun;
import io.insidersync.stream.Feed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash, the window is read again and yields the same batches: those Insider already acknowledged (or that
 * were dead-lettered) are left out here, so they are not sent twice. The batches are pushed through one at a time
 * ({@link Feed}), in window order.
 *
 * <p>That they are the same batches is checked, not assumed: the batches below the saved boundary are digested in order
 * as they come ({@link BatchDigest#chain}) and compared with the saved digest when the last of them has come, before
 * any batch after them is let through; each batch acknowledged above the boundary is compared on its own; and a
 * window that ends before a batch it is said to have acknowledged stops the run too. Progress saved without digests
 * (by a release before them) is checked by batch numbers alone.
 */
public final class SkipAcknowledgedBatches implements Feed<UserBatch, UserBatch> {

    private static final Logger LOG = LoggerFactory.getLogger(SkipAcknowledgedBatches.class);

    private final SyncRun run;
    /** As saved before this run: what this run acknowledges itself is past the batches compared here. */
    private final WindowProgress.Acknowledged saved;
    private long skipped;
    /** How many batches the window has yielded so far. */
    private long produced;
    private String chain = BatchDigest.START;

    private SkipAcknowledgedBatches(SyncRun run, WindowProgress.Acknowledged saved) {
        this.run = run;
        this.saved = saved;
    }

    /** The step for this run's window: it lets every batch through when none was acknowledged before. */
    public static Feed<UserBatch, UserBatch> forRun(SyncRun run) {
        WindowProgress progress = run.progress();
        if (!progress.anyAcknowledged()) {
            return new Feed<>() {
                @Override
                public void offer(UserBatch batch, Consumer<? super UserBatch> out) {
                    out.accept(batch);
                }

                @Override
                public void finish(Consumer<? super UserBatch> out) {
                    // nothing held
                }
            };
        }
        return new SkipAcknowledgedBatches(run, progress.acknowledged());
    }

    @Override
    public void offer(UserBatch batch, Consumer<? super UserBatch> out) {
        long number = batch.getSequence();
        produced = Math.max(produced, number + 1);
        if (number < saved.below()) {
            chain = BatchDigest.chain(chain, BatchDigest.of(batch));
            if (number == saved.below() - 1 && saved.belowDigest() != null && !chain.equals(saved.belowDigest())) {
                throw mismatch(run, "its first " + saved.below() + " batches, when they were acknowledged, held other rows than they do now");
            }
            skipped++;
        } else if (saved.above().contains(number)) {
            String digest = saved.digests().get(number);
            if (digest != null && !digest.equals(BatchDigest.of(batch))) {
                throw mismatch(run, "its batch " + number + ", when it was acknowledged, held other rows than it does now");
            }
            skipped++;
        } else {
            logSkipped();
            out.accept(batch);
        }
    }

    @Override
    public void finish(Consumer<? super UserBatch> out) {
        long highest = saved.above().isEmpty() ? saved.below() - 1 : Math.max(saved.below() - 1, saved.above().last());
        if (highest >= produced) {
            throw mismatch(run, "it now yields " + produced + " batches, but batch " + highest + " was acknowledged");
        }
        logSkipped();
    }

    private void logSkipped() {
        if (skipped > 0) {
            LOG.info("Skipped {} batches of window {} that were acknowledged before the last run stopped", skipped, run.progress().window());
            skipped = 0;
        }
    }

    private static CorruptStateException mismatch(SyncRun run, String what) {
        return new CorruptStateException("Window " + run.getWindow() + " of table " + run.table() + " was interrupted after some of its batches "
                + "were delivered, but reading it again does not give the same batches: " + what + ". The table's data for these versions "
                + "has changed since (was it dropped and recreated, or does sync.table name another table now?), so skipping batches by their "
                + "number would leave out the wrong users. The run stops here and sends no acknowledged batch again. Run --resync to send "
                + "the table again from a snapshot, or remove \"window_in_progress\" from its checkpoint file (checkpoint-" + run.table()
                + ".json in sync.state-dir) to send the whole window again (its delivered batches would be sent twice).", null);
    }
}
