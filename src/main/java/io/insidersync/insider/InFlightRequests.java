package io.insidersync.insider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of one run that are being sent: at most {@code insider.concurrency} at once, and never two that share a
 * user, so the parts of a user (or of a basket) reach Insider one after the other, in order. Batches are admitted
 * one at a time in window order, by the thread that reads the window; they are sent by the delivery threads.
 * The first failure that must stop the run is kept here: nothing is admitted after it, and the run fails with it.
 */
public final class InFlightRequests {

    private final int concurrency;
    private final Map<Map<String, Object>, Integer> usersInFlight = new HashMap<>();
    private int inFlight;
    private RuntimeException stoppedBy;

    public InFlightRequests(int concurrency) {
        this.concurrency = concurrency;
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

    /** The batch is delivered, dead-lettered or given up: its sender and its users are free again. */
    public synchronized void release(UserBatch batch) {
        inFlight--;
        batch.getIdentities().forEach(identity -> usersInFlight.computeIfPresent(identity, (k, n) -> n == 1 ? null : n - 1));
        notifyAll();
    }

    /** Stops the run: no more batches are admitted or attempts made. The first reason is the one reported. */
    public synchronized void stop(Throwable reason) {
        if (stoppedBy == null) {
            stoppedBy = reason instanceof RuntimeException runtime ? runtime : new DeliveryStoppedException(reason);
        }
        notifyAll();
    }

    public synchronized boolean stopped() {
        return stoppedBy != null;
    }

    public synchronized void throwIfStopped() {
        if (stoppedBy != null) {
            throw stoppedBy;
        }
    }

    /** Waits until every admitted batch is released, then fails if the run was stopped. */
    public synchronized void awaitAll() throws InterruptedException {
        while (inFlight > 0) {
            wait();
        }
        throwIfStopped();
    }
}
