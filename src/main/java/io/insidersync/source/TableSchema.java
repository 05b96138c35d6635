package io.insidersync.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The columns a window's rows have, with their types, in the table's order. */
public final class TableSchema {

    private final String table;
    private final Map<String, ColumnType> columns;

    public TableSchema(String table, Map<String, ColumnType> columns) {
        this.table = table;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public String table() {
        return table;
    }

    /** The column's type, or empty when the table has no column of exactly that name. */
    public Optional<ColumnType> type(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** A column whose name differs only in case: row values are keyed by the exact name, so this one is not found. */
    public Optional<String> sameNameIgnoringCase(String column) {
        return columns.keySet().stream().filter(name -> name.equalsIgnoreCase(column)).findFirst();
    }
}
