package io.insidersync.mapping;

import java.util.EnumSet;
import java.util.Set;

import io.insidersync.source.ColumnType;
import io.insidersync.source.ColumnType.Kind;

/**
 * The JSON type Insider expects for a field, and which column types can fill it. Checked at start-up against the
 * table's columns, so a column that can never convert fails before a row is read; a column that can convert only
 * some of its values (text read as a number, say) is checked row by row.
 */
public enum FieldType {
    STRING("a string", EnumSet.complementOf(EnumSet.of(Kind.ARRAY, Kind.BINARY))),
    /** An identifier: text from a column of one simple value, so that it can be compared and ordered in SQL. */
    IDENTIFIER("an identifier, sent as text", EnumSet.of(Kind.STRING, Kind.INTEGER, Kind.DECIMAL)),
    INTEGER("an integer", EnumSet.of(Kind.STRING, Kind.INTEGER, Kind.DECIMAL, Kind.FLOATING)),
    NUMBER("a number", EnumSet.of(Kind.STRING, Kind.INTEGER, Kind.DECIMAL, Kind.FLOATING)),
    BOOLEAN("a boolean", EnumSet.of(Kind.STRING, Kind.BOOLEAN, Kind.INTEGER)),
    /** RFC 3339 in UTC; whole numbers are epoch seconds or milliseconds. */
    DATETIME("an RFC 3339 date-time", EnumSet.of(Kind.STRING, Kind.DATE, Kind.TIMESTAMP, Kind.TIMESTAMP_NTZ, Kind.INTEGER)),
    /** Text that holds a JSON array, or one value that becomes a one-element array. */
    STRING_ARRAY("an array of strings", EnumSet.of(Kind.STRING, Kind.ARRAY)),
    NUMBER_ARRAY("an array of numbers", EnumSet.of(Kind.STRING, Kind.ARRAY, Kind.INTEGER, Kind.DECIMAL, Kind.FLOATING)),
    /** Custom fields: the column's own type decides (maps and structs become JSON text). */
    AS_SOURCE("a custom value", EnumSet.complementOf(EnumSet.of(Kind.BINARY))),
    /** The event-parameters column: a map, a struct or JSON object text, spread into parameters. */
    OBJECT("an object of event parameters", EnumSet.of(Kind.STRING, Kind.MAP, Kind.STRUCT));

    private final String description;
    private final Set<Kind> accepted;

    FieldType(String description, Set<Kind> accepted) {
        this.description = description;
        this.accepted = accepted;
    }

    /** What Insider takes, for messages: "an integer". */
    public String description() {
        return description;
    }

    /** The kinds of column that can fill this field. */
    public Set<Kind> acceptedKinds() {
        return accepted;
    }

    /** Whether values of this column type can become this field; an array only when its elements are simple values. */
    public boolean accepts(ColumnType column) {
        if (!accepted.contains(column.kind())) {
            return false;
        }
        if (column.kind() != Kind.ARRAY || column.element() == null) {
            return true;
        }
        Kind element = column.element().kind();
        if (!element.isSimple() || element == Kind.BINARY) {
            return false;
        }
        return this != NUMBER_ARRAY || element.isNumeric() || element == Kind.STRING;
    }
}
