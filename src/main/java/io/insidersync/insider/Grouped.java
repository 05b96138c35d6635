package io.insidersync.insider;

import io.insidersync.mapping.RowResult.RejectedRow;

/** What the grouping step hands on: a complete user, or a row the mapping rejected (kept in stream order). */
public record Grouped(InsiderUser user, RejectedRow rejected) {

    public static Grouped user(InsiderUser user) {
        return new Grouped(user, null);
    }

    public static Grouped rejected(RejectedRow rejected) {
        return new Grouped(null, rejected);
    }
}
