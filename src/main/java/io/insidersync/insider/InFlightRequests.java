package io.insidersync.insider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of one run that are being sent: at most {@code insider.concurrency} at once, and never two that share a
 * user, so the parts of a user (or of a basket) reach Insider one after the other, in order. Batches are admitted
 * one at a time in window order, by the thread that hands the aggregator's batches on; they are sent by the delivery threads.
 * The first failure that must stop the run is kept here: nothing is admitted after it, and the run fails with it.
 *
 * <p>It also tells a bad request from an outage. A request Insider did not answer after its retries waits here for
 * its verdict, without holding a sender's place: when a later request is answered, Insider is up and the request was
 * bad on its own (its sender dead-letters it); when {@code insider.outage-after-failed-requests} requests in a row went
 * unanswered, or the run has nothing more to send and no answer came after them, Insider is out of reach: the run
 * stops, and none of them is dead-lettered.
 */
public final class InFlightRequests {

    private final int concurrency;
    private final int outageAfter;
    private final Map<Map<String, Object>, Integer> usersInFlight = new HashMap<>();
    private int inFlight;
    /** Senders whose request went unanswered, waiting for the verdict. */
    private int awaitingVerdict;
    private int unansweredInARow;
    /** How many requests Insider has answered in this run: a verdict waits for this to grow. */
    private long answers;
    private boolean allAdmitted;
    /** Written under the lock; volatile so that the reading thread can look at it for each row without taking it. */
    private volatile RuntimeException stoppedBy;

    /** @param outageAfter how many requests in a row left unanswered make an outage */
    public InFlightRequests(int concurrency, int outageAfter) {
        this.concurrency = concurrency;
        this.outageAfter = outageAfter;
    }

    /** Waits until the batch may be sent: a sender is free and none of its users is in a request in flight. */
    public synchronized void admit(UserBatch batch) throws InterruptedException {
        List<Map<String, Object>> identities = batch.getIdentities();
        while (stoppedBy == null && (inFlight >= concurrency || identities.stream().anyMatch(usersInFlight::containsKey))) {
            wait();
        }
        throwIfStopped();
        inFlight++;
        identities.forEach(identity -> usersInFlight.merge(identity, 1, Integer::sum));
    }

    /** Insider answered a request (delivered, refused, or too large): it is up. */
    public synchronized void answered() {
        unansweredInARow = 0;
        answers++;
        notifyAll();
    }

    /**
     * After a request went unanswered: waits, with its sender's place and its users free for other batches, until a later
     * request is answered (then returns: the request was bad on its own), or the run stops. Throws what stopped the run:
     * the outage this request completes, one found while waiting, or another reason (401/403).
     *
     * @param reason why the request went unanswered, for the outage's message
     */
    public synchronized void awaitVerdict(UserBatch batch, String reason) throws InterruptedException {
        long answersBefore = answers;
        unansweredInARow++;
        if (unansweredInARow >= outageAfter) {
            stop(InsiderOutageException.inARow(unansweredInARow, reason));
        }
        release(batch);
        awaitingVerdict++;
        try {
            while (true) {
                throwIfStopped();
                if (answers > answersBefore) {
                    return;
                }
                if (allAdmitted && inFlight == 0) {
                    // Nothing is being sent, nothing more will be: no answer can come after this request.
                    stop(InsiderOutageException.atTheEnd(unansweredInARow, reason));
                    continue;
                }
                wait();
            }
        } finally {
            awaitingVerdict--;
            // The sender goes on with this batch (a dead letter, or its failure): it is in flight again until released.
            inFlight++;
            batch.getIdentities().forEach(identity -> usersInFlight.merge(identity, 1, Integer::sum));
            notifyAll();
        }
    }

    /** The batch is delivered, dead-lettered or given up: its sender and its users are free again. */
    public synchronized void release(UserBatch batch) {
        inFlight--;
        batch.getIdentities().forEach(identity -> usersInFlight.computeIfPresent(identity, (k, n) -> n == 1 ? null : n - 1));
        notifyAll();
    }

    /** Waits before the next attempt of a request; a run stopped meanwhile ends the wait at once, by throwing its reason. */
    public synchronized void pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        long left;
        while (stoppedBy == null && (left = end - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        throwIfStopped();
    }

    /** Stops the run: no more batches are admitted or attempts made. The first reason is the one reported. */
    public synchronized void stop(Throwable reason) {
        if (stoppedBy == null) {
            stoppedBy = reason instanceof RuntimeException runtime ? runtime : new DeliveryStoppedException(reason);
        }
        notifyAll();
    }

    public boolean stopped() {
        return stoppedBy != null;
    }

    public void throwIfStopped() {
        RuntimeException reason = stoppedBy;
        if (reason != null) {
            throw reason;
        }
    }

    /** After the last batch was admitted: waits until every one is released, then fails if the run was stopped. */
    public synchronized void awaitAll() throws InterruptedException {
        allAdmitted = true;
        notifyAll();
        while (inFlight > 0 || awaitingVerdict > 0) {
            wait();
        }
        throwIfStopped();
    }
}
