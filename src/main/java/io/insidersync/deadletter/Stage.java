package io.insidersync.deadletter;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a record was set aside. */
public enum Stage {
    /** The row could not become a valid user, by conversion or by Insider's rules. */
    MAPPING("mapping"),
    /** Insider answered and refused this user. */
    INSIDER_REJECTED("insider-rejected"),
    /**
     * The request could not be delivered: Insider refused it (HTTP 400), or it failed on its own while later requests were
     * answered. An Insider that answers nothing is an outage, which fails the run instead.
     */
    DELIVERY_FAILED("delivery-failed");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
