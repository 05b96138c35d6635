package io.insidersync.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.insidersync.insider.BatchUsers;
import io.insidersync.insider.UserBatch;
import io.insidersync.insider.UserGrouping;
import io.insidersync.mapping.MappingConfig;
import io.insidersync.mapping.RowResult;
import io.insidersync.mapping.WholeBaskets;
import io.insidersync.source.SkipAcknowledgedBatches;
import io.insidersync.stream.Feed;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.processor.aggregate.DefaultAggregateController;

/**
 * The aggregation strategy of the row split's {@code aggregate} step: the mapped rows of a window, one exchange each,
 * become Insider's requests. Each row goes through the window's steps, in order: baskets held until they end and set
 * aside whole when a line was rejected ({@link WholeBaskets}); consecutive rows of one user gathered into one user
 * ({@link UserGrouping}); users packed into numbered batches within both limits, closed only between users
 * ({@link BatchUsers}); batches acknowledged before a crash left out ({@link SkipAcknowledgedBatches}).
 *
 * <p>A group of the aggregator is the rows that came while no batch was ready: when a row comes and batches are ready,
 * the group completes before that row is added ({@link #preComplete}), and the completed exchange carries those
 * batches, in window order ({@link #onCompletion}). After the split, {@link #completeWindow} hands on what the window
 * still holds (also when steps before the aggregator dropped its last rows). The aggregator holds one row's exchange
 * and the steps hold at most one user and one batch, so memory does not grow with the window.
 *
 * <p>One window runs at a time per sync, on the thread that reads it; a second run that comes while one reads its
 * window fails, and leaves that window alone.
 */
public final class BatchAggregation implements AggregationStrategy {

    private final MappingConfig mapping;
    private final BatchUsers batchUsers;
    private final BatchHandOff handOff;
    private final AggregateController controller = new DefaultAggregateController();
    private volatile WindowBatches current;

    /** @param handOff the aggregator's executor, waited for at the end of the window */
    public BatchAggregation(MappingConfig mapping, BatchUsers batchUsers, BatchHandOff handOff) {
        this.mapping = mapping;
        this.batchUsers = batchUsers;
        this.handOff = handOff;
    }

    /** The aggregator's controller, bound for the route's {@code aggregateController}. */
    public AggregateController controller() {
        return controller;
    }

    @Override
    public boolean canPreComplete() {
        return true;
    }

    /** Complete the group before this row when earlier rows made batches ready: they go on first, in order. */
    @Override
    public boolean preComplete(Exchange group, Exchange row) {
        SyncRun run = SyncRun.of(row);
        return group != null && SyncRun.of(group) == run && windowOf(run).hasReady();
    }

    @Override
    public Exchange aggregate(Exchange group, Exchange row) {
        SyncRun run = SyncRun.of(row);
        // The run stops at the first row after a sender stopped it (an outage, refused credentials).
        run.inFlight().throwIfStopped();
        windowOf(run).offer(row.getMessage().getBody(RowResult.class));
        // A group left by a run that failed part way is not this window's: it is dropped, never completed.
        return group == null || SyncRun.of(group) != run ? row : group;
    }

    /** The completed exchange carries the batches made ready since the last completion. */
    @Override
    public void onCompletion(Exchange group) {
        WindowBatches window = current;
        if (window == null || window.run != SyncRun.of(group)) {
            throw new IllegalStateException("A group of the aggregator completed outside its run's window");
        }
        group.getMessage().setBody(window.takeReady());
    }

    /**
     * After the split: the window's last batches go on (through the aggregator's steps), and this returns once every
     * batch of the window has been through them.
     */
    public void completeWindow(Exchange exchange) throws InterruptedException {
        WindowBatches window = windowOf(exchange);
        window.finish();
        if (window.hasReady()) {
            controller.forceCompletionOfAllGroups();
        }
        if (window.hasReady()) {
            throw new IllegalStateException("The last batches of window " + SyncRun.of(exchange).getWindow() + " had no group to go with");
        }
        handOff.awaitIdle();
        SyncRun run = SyncRun.of(exchange);
        // Every batch completed reached a sender, unless the run was stopped (it then fails with the reason).
        if (!run.inFlight().stopped() && run.batchesAdmitted() != window.handedOn) {
            throw new IllegalStateException("Window " + run.getWindow() + " of table " + run.table() + " completed " + window.handedOn
                    + " batches but " + run.batchesAdmitted() + " reached a sender: the run stops before its checkpoint moves");
        }
        current = null;
    }

    /**
     * However the window ended: returns once the batches handed on have been through the aggregator's steps, then lets
     * go of what the window still held (a user, a batch being filled, the aggregator's group of a failed run).
     */
    public void releaseWindow() throws InterruptedException {
        try {
            handOff.awaitIdle();
        } finally {
            current = null;
            controller.forceDiscardingOfAllGroups();
        }
    }

    private WindowBatches windowOf(Exchange exchange) {
        return windowOf(SyncRun.of(exchange));
    }

    private WindowBatches windowOf(SyncRun run) {
        WindowBatches window = current;
        if (window != null && window.run != run) {
            // The window of a run that has not ended holds that run's batches: a second run may not take its place.
            throw new IllegalStateException("Another run of table " + run.table() + " is reading its window " + window.run.getWindow()
                    + ": one run at a time per sync");
        }
        if (window == null) {
            window = new WindowBatches(run, WholeBaskets.ofMappedRows(mapping).then(new UserGrouping())
                    .then(batchUsers.feed(run.getWindow().snapshot())).then(SkipAcknowledgedBatches.forRun(run)));
            current = window;
        }
        return window;
    }

    /** One window's steps, and the batches they made ready that have not gone on yet. */
    private static final class WindowBatches {

        private final SyncRun run;
        private final Feed<RowResult, UserBatch> steps;
        private List<UserBatch> ready = new ArrayList<>();
        private final Consumer<UserBatch> toReady = batch -> ready.add(batch);
        /** How many batches went on through the aggregator's steps. */
        private long handedOn;

        WindowBatches(SyncRun run, Feed<RowResult, UserBatch> steps) {
            this.run = run;
            this.steps = steps;
        }

        void offer(RowResult row) {
            steps.offer(row, toReady);
        }

        void finish() {
            steps.finish(toReady);
        }

        boolean hasReady() {
            return !ready.isEmpty();
        }

        List<UserBatch> takeReady() {
            List<UserBatch> taken = ready;
            ready = new ArrayList<>();
            handedOn += taken.size();
            return taken;
        }
    }
}
