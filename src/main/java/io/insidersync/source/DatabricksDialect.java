package io.insidersync.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Databricks SQL: the Change Data Feed through {@code table_changes}, snapshots through {@code VERSION AS OF}. */
public final class DatabricksDialect implements SourceDialect {

    private final List<String> tableParts;

    public DatabricksDialect(List<String> tableParts) {
        this.tableParts = List.copyOf(tableParts);
    }

    @Override
    public String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** The table's name with each part quoted, as it goes into statements. */
    public String table() {
        return tableParts.stream().map(this::quote).collect(Collectors.joining("."));
    }

    @Override
    public String latestVersionSql() {
        // DESCRIBE HISTORY, not max(_commit_version): commits that change no data are missing from the feed.
        return "DESCRIBE HISTORY " + table() + " LIMIT 1";
    }

    @Override
    public String changeRows(long fromVersion, long toVersion) {
        // An explicit end version keeps every out-of-range behaviour of table_changes away.
        return "table_changes('" + table() + "', " + fromVersion + ", " + toVersion + ") c";
    }

    @Override
    public Optional<String> windowCondition(long fromVersion, long toVersion) {
        return Optional.empty();
    }

    @Override
    public Optional<String> historySql() {
        return Optional.of("DESCRIBE HISTORY " + table());
    }

    @Override
    public boolean hasSnapshots() {
        return true;
    }

    @Override
    public String snapshotRows(TableVersion version) {
        // Epoch milliseconds, so the commit time means the same instant whatever the session's time zone.
        String committedAt = version.committedAt() == null ? "CAST(NULL AS TIMESTAMP)"
                : "timestamp_millis(" + version.committedAt().toEpochMilli() + ")";
        return "(SELECT s.*, 'insert' AS " + quote(ChangeColumns.CHANGE_TYPE)
                + ", CAST(" + version.number() + " AS BIGINT) AS " + quote(ChangeColumns.COMMIT_VERSION)
                + ", " + committedAt + " AS " + quote(ChangeColumns.COMMIT_TIMESTAMP)
                + " FROM " + table() + " VERSION AS OF " + version.number() + " s) c";
    }

    @Override
    public TableSchema readSchema(Connection connection) throws SQLException {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("DESCRIBE TABLE " + table())) {
            while (result.next()) {
                String name = result.getString("col_name");
                // The column list ends where the partition or clustering sections start.
                if (name == null || name.isBlank() || name.startsWith("#")) {
                    break;
                }
                columns.put(name, ColumnType.ofDatabricks(result.getString("data_type")));
            }
        }
        columns.put(ChangeColumns.CHANGE_TYPE, ColumnType.ofDatabricks("string"));
        columns.put(ChangeColumns.COMMIT_VERSION, ColumnType.ofDatabricks("bigint"));
        columns.put(ChangeColumns.COMMIT_TIMESTAMP, ColumnType.ofDatabricks("timestamp"));
        return new TableSchema(String.join(".", tableParts), columns);
    }
}
