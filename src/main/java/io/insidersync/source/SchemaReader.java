package io.insidersync.source;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads the columns and types of the synced table from the source, as its dialect describes them. */
public final class SchemaReader {

    private final UrlDataSource source;
    private final SourceDialect dialect;
    private final String table;

    public SchemaReader(UrlDataSource source, SourceDialect dialect, String table) {
        this.source = source;
        this.dialect = dialect;
        this.table = table;
    }

    public TableSchema read() {
        try (Connection connection = source.getConnection()) {
            return dialect.readSchema(connection);
        } catch (SQLException e) {
            throw new SourceException("Could not read the columns of table " + table + " from " + source.description() + ": " + SqlErrors.summary(e), e);
        }
    }
}
