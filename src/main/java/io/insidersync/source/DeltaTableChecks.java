package io.insidersync.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.insidersync.config.ConfigurationException;

/**
 * Asks Databricks what the synced table is: a view or a table ({@code DESCRIBE TABLE EXTENDED}, row {@code Type}),
 * its format (row {@code Provider}, or {@code DESCRIBE DETAIL}'s {@code format} where that row is missing), and
 * whether its Change Data Feed is on ({@code SHOW TBLPROPERTIES}). These statements work on a SQL warehouse and on
 * open-source Spark with Delta alike.
 */
public final class DeltaTableChecks {

    static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";
    /** Not found (a table, schema or catalog), or not allowed to see it. */
    private static final Set<String> ACCESS_STATES = Set.of("42P01", "42704", "42501");
    private static final List<String> ACCESS_ERRORS = List.of("TABLE_OR_VIEW_NOT_FOUND", "SCHEMA_NOT_FOUND", "CATALOG_NOT_FOUND",
            "NO_SUCH_CATALOG", "PERMISSION_DENIED", "INSUFFICIENT_PERMISSIONS");

    private final UrlDataSource source;
    private final DatabricksDialect dialect;
    private final String table;

    public DeltaTableChecks(UrlDataSource source, DatabricksDialect dialect, String table) {
        this.source = source;
        this.dialect = dialect;
        this.table = table;
    }

    /** What the table is; a {@link SourceException} saying what to check when it cannot be read. */
    public DeltaTable read() {
        String name = dialect.table();
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            Map<String, String> details = DeltaTable.details(rows(statement, "DESCRIBE TABLE EXTENDED " + name));
            String type = details.getOrDefault("Type", "");
            boolean view = DeltaTable.isView(type);
            String format = view ? "" : details.getOrDefault("Provider", "");
            if (!view && format.isEmpty()) {
                format = firstValue(statement, "DESCRIBE DETAIL " + name, "format");
            }
            boolean changeDataFeed = !view && format.equalsIgnoreCase("delta")
                    // A property that is not set comes back as a sentence saying so, not as an empty result.
                    && firstValue(statement, "SHOW TBLPROPERTIES " + name + " ('" + CHANGE_DATA_FEED + "')", "value").equalsIgnoreCase("true");
            return new DeltaTable(table, name, type, format, changeDataFeed);
        } catch (SQLException e) {
            throw new SourceException(unreadable(table, source.description(), e), e);
        }
    }

    /** For start-up: a configuration error saying what to run when the table is not one the sync can read changes from. */
    public void requireEligible() {
        read().firstProblem().ifPresent(problem -> {
            throw new ConfigurationException(problem);
        });
    }

    /** Why the table could not be read; when it was not found or not allowed, which name and grants to check. */
    static String unreadable(String table, String where, SQLException e) {
        String summary = SqlErrors.clause(e);
        boolean access = (e.getSQLState() != null && ACCESS_STATES.contains(e.getSQLState())) || ACCESS_ERRORS.stream().anyMatch(summary::contains);
        return "Could not read table " + table + " from " + where + ": " + summary
                + (access ? ". Check sync.table (catalog.schema.table, as the catalog spells it) and that the principal has USE CATALOG on the"
                + " catalog, USE SCHEMA on the schema and SELECT on the table" : "");
    }

    private static List<String[]> rows(Statement statement, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(new String[] {result.getString(1), result.getString(2)});
            }
        }
        return rows;
    }

    private static String firstValue(Statement statement, String sql, String column) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            String value = result.next() ? result.getString(column) : null;
            return value == null ? "" : value.trim();
        }
    }
}
