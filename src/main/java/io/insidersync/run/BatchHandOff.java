package io.insidersync.run;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor of the row split's aggregator: the batches it completes go on in one thread of their own, in the order
 * they were completed. The thread that reads the rows hands a completion over only when that thread is free to take
 * it, so when Insider is slower than the table the reading waits here and memory stays flat.
 *
 * <p>A thread of its own, rather than the reading thread: Camel hands a completed group on through its reactive
 * executor, and doing that in the thread that is inside the splitter would nest every later row one level deeper, a
 * stack that grows with the window's batches.
 */
public final class BatchHandOff extends ThreadPoolExecutor {

    private int unfinished;
    /** The first failure that escaped a completion's steps, or that the program's stop left a completion unfinished. */
    private Throwable failure;

    public BatchHandOff(String sync) {
        super(1, 1, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "Batches of " + sync);
            thread.setDaemon(true);
            return thread;
        }, (runnable, executor) -> {
            // The thread is busy: the reading thread waits until it takes this completion.
            if (executor.isShutdown()) {
                throw new RejectedExecutionException("the program is stopping: no more batches are handed on");
            }
            try {
                executor.getQueue().put(runnable);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while waiting to hand a batch on", e);
            }
        });
    }

    @Override
    public void execute(Runnable command) {
        synchronized (this) {
            unfinished++;
        }
        try {
            super.execute(command);
        } catch (RuntimeException e) {
            finished(e);
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable runnable, Throwable thrown) {
        finished(thrown);
    }

    private synchronized void finished(Throwable thrown) {
        unfinished--;
        if (thrown != null && failure == null) {
            failure = thrown;
        }
        notifyAll();
    }

    /**
     * Waits until every completion handed on so far has gone through the aggregator's steps; fails with what escaped
     * them, if anything did: their batches may not have reached a sender.
     */
    public synchronized void awaitIdle() throws InterruptedException {
        while (unfinished > 0) {
            wait();
        }
        if (failure != null) {
            Throwable thrown = failure;
            failure = null;
            throw new IllegalStateException("Completed batches did not all reach a sender: " + thrown, thrown);
        }
    }

    /** When the program stops: a completion it leaves unfinished is a failure for whoever waits for it. */
    public void stop() {
        shutdownNow();
        synchronized (this) {
            if (unfinished > 0 && failure == null) {
                failure = new IllegalStateException("the program stopped before " + unfinished + " completed batches were handed on");
            }
            unfinished = 0;
            notifyAll();
        }
    }
}
