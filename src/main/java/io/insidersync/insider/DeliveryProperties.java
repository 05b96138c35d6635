package io.insidersync.insider;

/** Exchange properties the delivery route sets and its processors read. */
public final class DeliveryProperties {

    /** The {@link UserBatch} being delivered. */
    public static final String BATCH = "userBatch";

    private DeliveryProperties() {
    }
}
