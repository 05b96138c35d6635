package io.insidersync.insider;

import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/** The route steps around {@link InFlightRequests}: admit a batch, release it, stop the run, wait for the senders. */
public final class DeliveryGate {

    /** Before a batch is handed to a sender (in window order). */
    public void admit(Exchange exchange) throws InterruptedException, InvalidPayloadException {
        SyncRun run = SyncRun.of(exchange);
        run.inFlight().admit(exchange.getMessage().getMandatoryBody(UserBatch.class));
        run.batchAdmitted();
    }

    /** When a sender is done with a batch, however it ended. */
    public void release(Exchange exchange) {
        SyncRun.of(exchange).inFlight().release(exchange.getProperty(DeliveryProperties.BATCH, UserBatch.class));
    }

    /** A sender met a failure that must stop the run. */
    public void stop(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        SyncRun.of(exchange).inFlight().stop(failure != null ? failure : new IllegalStateException("a sender failed for an unknown reason"));
    }

    /** After the last batch was admitted: waits for every sender, then fails the run if one stopped it. */
    public void awaitAll(Exchange exchange) throws InterruptedException {
        SyncRun.of(exchange).inFlight().awaitAll();
    }
}
