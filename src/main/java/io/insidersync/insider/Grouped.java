package io.insidersync.insider;

import java.util.List;

import io.insidersync.mapping.RowResult.RejectedRow;

/**
 * What the grouping step hands on, in stream order: a complete user, a row the mapping rejected, or the lines of a
 * basket set aside whole (exactly one of the three is not null).
 */
public record Grouped(InsiderUser user, RejectedRow rejected, List<RejectedRow> basket) {

    public static Grouped user(InsiderUser user) {
        return new Grouped(user, null, null);
    }

    public static Grouped rejected(RejectedRow rejected) {
        return new Grouped(null, rejected, null);
    }

    /** A basket's lines, kept together so that they are dead-lettered together (one after another in the file). */
    public static Grouped basketSetAside(List<RejectedRow> lines) {
        return new Grouped(null, null, List.copyOf(lines));
    }

    /** The rows this item sets aside: none for a user. */
    public List<RejectedRow> rowsSetAside() {
        if (rejected != null) {
            return List.of(rejected);
        }
        return basket == null ? List.of() : basket;
    }
}
