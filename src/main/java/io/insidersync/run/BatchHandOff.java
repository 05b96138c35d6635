package io.insidersync.run;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Service;

/**
 * The executor of the row split's aggregator: the batches it completes go on in one thread of their own, in the order
 * they were completed, with at most one more waiting. When Insider is slower than the table, the thread that reads the
 * rows waits here, so memory stays flat, as it would if it sent them itself.
 *
 * <p>A thread of its own, rather than the reading thread: Camel hands a completed group on through its reactive
 * executor, and doing that in the thread that is inside the splitter would nest every later row one level deeper, a
 * stack that grows with the window's batches.
 */
public final class BatchHandOff extends ThreadPoolExecutor implements Service {

    private int unfinished;

    public BatchHandOff(String sync) {
        super(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1), runnable -> {
            Thread thread = new Thread(runnable, "Batches of " + sync);
            thread.setDaemon(true);
            return thread;
        }, (runnable, executor) -> {
            // Full: the reading thread waits for room.
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
            finished();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable runnable, Throwable failure) {
        finished();
    }

    private synchronized void finished() {
        unfinished--;
        notifyAll();
    }

    /** Waits until every batch handed on so far has gone through the aggregator's steps. */
    public synchronized void awaitIdle() throws InterruptedException {
        while (unfinished > 0) {
            wait();
        }
    }

    @Override
    public void start() {
        // the thread starts with the first batch
    }

    @Override
    public void stop() {
        shutdownNow();
        synchronized (this) {
            // Batches never handed on are not waited for.
            unfinished = 0;
            notifyAll();
        }
    }
}
