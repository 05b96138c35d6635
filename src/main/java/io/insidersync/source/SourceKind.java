package io.insidersync.source;

import java.util.List;
import java.util.Locale;

import io.insidersync.config.ConfigurationException;

/** {@code source.kind}: a Databricks Delta table's Change Data Feed, or a change table in any JDBC database. */
public enum SourceKind {
    DATABRICKS, JDBC;

    public static SourceKind parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "databricks" -> DATABRICKS;
            case "jdbc" -> JDBC;
            default -> throw new ConfigurationException("Setting source.kind must be databricks or jdbc, not '" + value + "'");
        };
    }

    public SourceDialect dialect(List<String> tableParts) {
        return this == DATABRICKS ? new DatabricksDialect(tableParts) : new ChangeTableDialect(tableParts);
    }
}
