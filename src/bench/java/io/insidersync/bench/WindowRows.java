package io.insidersync.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;

import io.insidersync.mapping.FieldMapping;
import io.insidersync.mapping.MappingConfig;
import io.insidersync.source.ChangeQuery;
import io.insidersync.source.ChangeTableDialect;
import io.insidersync.source.TableSchema;
import io.insidersync.source.Window;

/**
 * The benchmark window's rows over plain JDBC, as the sync reads them: the settings file's table and mapping, the same
 * window statement ({@link ChangeQuery}) from version 0 to the latest, and each row as a map of column label to value,
 * as camel-jdbc's StreamList hands it on. Measures the database's share: the seconds until the first row, the seconds
 * spent in the driver taking rows and values, and the rows taken.
 */
final class WindowRows implements Iterator<Map<String, Object>>, AutoCloseable {

    private final Connection connection;
    private final TableSchema schema;
    private final Statement statement;
    private final ResultSet result;
    private final ResultSetMetaData meta;
    private final int columns;
    private final double querySeconds;
    private long readNanos;
    private long rowsRead;
    private Boolean ahead;

    WindowRows(Properties settings, MappingConfig mapping) throws SQLException {
        String table = settings.getProperty("sync.table");
        List<String> keyColumns = List.of(settings.getProperty("sync.key-columns").split(","));
        ChangeTableDialect dialect = new ChangeTableDialect(List.of(table));
        ChangeQuery query = new ChangeQuery(dialect, keyColumns, mapping.userColumns(), mapping.eventGroupColumn(),
                mapping.basketFields().stream().map(FieldMapping::column).toList());
        connection = DriverManager.getConnection(settings.getProperty("source.jdbc-url"));
        try {
            schema = dialect.readSchema(connection);
            long latest;
            try (Statement latestVersion = connection.createStatement(); ResultSet version = latestVersion.executeQuery(dialect.latestVersionSql())) {
                version.next();
                latest = version.getLong(1);
            }
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            statement = connection.createStatement();
            result = statement.executeQuery(query.sql(Window.changes(0, latest)));
            // The database evaluates the window functions before the first row comes back: the first part of its share.
            querySeconds = (System.nanoTime() - started) / 1e9;
            meta = result.getMetaData();
            columns = meta.getColumnCount();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    TableSchema schema() {
        return schema;
    }

    @Override
    public boolean hasNext() {
        try {
            if (ahead == null) {
                long started = System.nanoTime();
                ahead = result.next();
                readNanos += System.nanoTime() - started;
            }
            return ahead;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ahead = null;
        try {
            long started = System.nanoTime();
            Map<String, Object> row = new LinkedHashMap<>(columns * 2);
            for (int i = 1; i <= columns; i++) {
                row.put(meta.getColumnLabel(i), result.getObject(i));
            }
            // The rest of the database's share: fetching the rows and taking their values from the driver.
            readNanos += System.nanoTime() - started;
            rowsRead++;
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database's share so far: {@code query_seconds}, {@code read_seconds} and {@code rows_read}. */
    void addFigures(Map<String, Object> figures) {
        figures.put("rows_read", rowsRead);
        figures.put("query_seconds", querySeconds);
        figures.put("read_seconds", readNanos / 1e9);
    }

    @Override
    public void close() throws SQLException {
        try (connection; statement; result) {
            // closed in reverse order: result, statement, connection
        }
    }
}
