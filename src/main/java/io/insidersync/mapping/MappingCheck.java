package io.insidersync.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.insidersync.config.ConfigurationException;
import io.insidersync.source.ColumnType;
import io.insidersync.source.TableSchema;

/**
 * Holds the mapping and the key columns to the table's columns before any row is read: every named column must
 * exist, and its type must be one that can become the field it fills. Every problem is reported at once.
 */
public final class MappingCheck {

    private final MappingConfig mapping;
    private final List<String> keyColumns;

    public MappingCheck(MappingConfig mapping, List<String> keyColumns) {
        this.mapping = mapping;
        this.keyColumns = List.copyOf(keyColumns);
    }

    /** The problems, one sentence each naming the setting and the column; empty when the mapping fits the table. */
    public List<String> problems(TableSchema schema) {
        List<String> problems = new ArrayList<>();
        for (String key : keyColumns) {
            if (schema.type(key).isEmpty()) {
                problems.add("sync.key-columns: " + missing(schema, key));
            }
        }
        for (FieldMapping use : mapping.columnUses()) {
            Optional<ColumnType> type = schema.type(use.column());
            if (type.isEmpty()) {
                problems.add(use.setting() + ": " + missing(schema, use.column()));
            } else if (!use.type().accepts(type.get())) {
                problems.add(use.setting() + ": column " + use.column() + " is " + type.get() + ", which cannot become "
                        + use.field() + " (" + use.type().description() + "); it takes " + takes(use.type()));
            }
        }
        return problems;
    }

    /** Throws a configuration error listing every problem, with the table's columns to choose from. */
    public void verify(TableSchema schema) {
        List<String> problems = problems(schema);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("The mapping does not fit table " + schema.table() + ": " + String.join("; ", problems)
                    + ". Its columns are " + String.join(", ", schema.columnNames()));
        }
    }

    private static String missing(TableSchema schema, String column) {
        return "table " + schema.table() + " has no column " + column
                + schema.sameNameIgnoringCase(column).map(other -> " (there is " + other + ": names must match exactly)").orElse("");
    }

    private static String takes(FieldType type) {
        return type.acceptedKinds().stream().map(ColumnType.Kind::databricksNames).collect(Collectors.joining(", ")) + " columns"
                + (type.acceptedKinds().contains(ColumnType.Kind.ARRAY) ? " (arrays of simple values)" : "");
    }
}
