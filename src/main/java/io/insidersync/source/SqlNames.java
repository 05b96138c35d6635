package io.insidersync.source;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.insidersync.config.ConfigurationException;

/**
 * Table and column names come from configuration and end up inside SQL text, so they are checked against a
 * strict pattern here and quoted by the dialect; nothing else from configuration reaches SQL.
 */
public final class SqlNames {

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern TABLE_PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    private SqlNames() {
    }

    /** A column name, or a configuration error naming the setting it came from. */
    public static String column(String setting, String name) {
        String trimmed = name.trim();
        if (!COLUMN.matcher(trimmed).matches()) {
            throw new ConfigurationException("Setting " + setting + ": '" + name
                    + "' is not a column name this sync accepts (letters, digits and underscores only)");
        }
        return trimmed;
    }

    /** The parts of a table name such as {@code catalog.schema.table} (one to three parts). */
    public static List<String> tableParts(String setting, String table) {
        List<String> parts = Arrays.asList(table.trim().split("\\.", -1));
        if (parts.size() > 3 || parts.stream().anyMatch(part -> !TABLE_PART.matcher(part).matches())) {
            throw new ConfigurationException("Setting " + setting + ": '" + table
                    + "' is not a table name this sync accepts (catalog.schema.table; letters, digits, '_' and '-')");
        }
        return List.copyOf(parts);
    }
}
