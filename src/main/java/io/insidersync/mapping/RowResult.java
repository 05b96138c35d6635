package io.insidersync.mapping;

import java.util.List;
import java.util.Map;

import io.insidersync.source.ChangeRow;

/**
 * What mapping made of one change row: part of a user, or a rejection with its reason; or, for the lines of a basket
 * of which some were rejected, the whole basket set aside ({@link WholeBaskets}).
 */
public sealed interface RowResult permits RowResult.MappedRow, RowResult.RejectedRow, RowResult.RejectedBasket {

    /**
     * A row as Insider fields. {@code event} is null for a row that carries attributes only.
     */
    record MappedRow(ChangeRow source, Map<String, Object> identifiers, Map<String, Object> attributes,
                     Map<String, Object> event) implements RowResult {
    }

    /** A row that cannot become a valid user; {@code reason} names every failing column or field and the rule. */
    record RejectedRow(ChangeRow source, String reason) implements RowResult {
    }

    /** The lines of one basket, set aside together because some were rejected: each with its own reason, in order. */
    record RejectedBasket(List<RejectedRow> lines) implements RowResult {

        public RejectedBasket {
            lines = List.copyOf(lines);
        }
    }
}
