package io.insidersync.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A table in any JDBC database with the shape {@code table_changes()} returns: the table's columns plus
 * {@code _change_type}, {@code _commit_version} and {@code _commit_timestamp}. Standard SQL with double-quoted names.
 */
public final class ChangeTableDialect implements SourceDialect {

    private final List<String> tableParts;

    public ChangeTableDialect(List<String> tableParts) {
        this.tableParts = List.copyOf(tableParts);
    }

    @Override
    public String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private String table() {
        return tableParts.stream().map(this::quote).collect(Collectors.joining("."));
    }

    @Override
    public String latestVersionSql() {
        return "SELECT MAX(" + quote(ChangeColumns.COMMIT_VERSION) + ") AS " + quote("version") + " FROM " + table();
    }

    @Override
    public String changeRows(long fromVersion, long toVersion) {
        return table() + " c";
    }

    @Override
    public Optional<String> windowCondition(long fromVersion, long toVersion) {
        return Optional.of(quote(ChangeColumns.COMMIT_VERSION) + " BETWEEN " + fromVersion + " AND " + toVersion);
    }

    @Override
    public Optional<String> historySql() {
        return Optional.empty();
    }

    @Override
    public boolean hasSnapshots() {
        return false;
    }

    @Override
    public String snapshotRows(TableVersion version) {
        throw new UnsupportedOperationException("a change table has no snapshots");
    }

    @Override
    public TableSchema readSchema(Connection connection) throws SQLException {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + table() + " WHERE 1 = 0")) {
            ResultSetMetaData metaData = result.getMetaData();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                columns.put(metaData.getColumnLabel(i), ColumnType.ofJdbc(metaData.getColumnType(i), metaData.getColumnTypeName(i)));
            }
        }
        return new TableSchema(String.join(".", tableParts), columns);
    }
}
