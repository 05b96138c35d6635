package io.insidersync.mapping;

import java.util.Map;

import io.insidersync.source.ChangeRow;

/** What mapping made of one change row: part of a user, or a rejection with its reason. */
public sealed interface RowResult permits RowResult.MappedRow, RowResult.RejectedRow {

    ChangeRow source();

    /**
     * A row as Insider fields. {@code event} is null for a row that carries attributes only.
     */
    record MappedRow(ChangeRow source, Map<String, Object> identifiers, Map<String, Object> attributes,
                     Map<String, Object> event) implements RowResult {
    }

    /** A row that cannot become a valid user; {@code reason} names every failing column or field and the rule. */
    record RejectedRow(ChangeRow source, String reason) implements RowResult {
    }
}
