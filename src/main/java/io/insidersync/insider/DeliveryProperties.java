package io.insidersync.insider;

/** Exchange properties the delivery route sets and its processors read. */
public final class DeliveryProperties {

    /** The {@link UserBatch} being delivered. */
    public static final String BATCH = "userBatch";
    /** How many attempts to deliver the batch have failed so far. */
    public static final String ATTEMPTS = "insiderAttempts";

    private DeliveryProperties() {
    }
}
