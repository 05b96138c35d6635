package io.insidersync.support;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;

/**
 * A change table in an in-memory H2 database, shaped like Databricks' table_changes() output, that tests write
 * versions into. The sync reads it through the jdbc source (see sync-test.properties).
 */
public final class ChangeTable {

    public static final String URL = "jdbc:h2:mem:sync-test;DB_CLOSE_DELAY=-1";
    public static final String NAME = "purchase_changes";
    private static final String COLUMNS = "\"line_id\", \"email\", \"phone\", \"first_name\", \"loyalty_tier\", \"event_name\", "
            + "\"event_time\", \"order_id\", \"product_id\", \"currency\", \"quantity\", \"unit_sale_price\", "
            + "\"_change_type\", \"_commit_version\", \"_commit_timestamp\"";

    private final Connection connection;

    private ChangeTable(Connection connection) {
        this.connection = connection;
    }

    /** An empty table (whatever an earlier test left is dropped). */
    public static ChangeTable empty() throws SQLException {
        return empty(URL);
    }

    /** An empty table in the database at this URL (for a sync in another process: an H2 file database). */
    public static ChangeTable empty(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        create(connection, true);
        return new ChangeTable(connection);
    }

    /** Closes the connection, so that another process can open a file database. */
    public void close() throws SQLException {
        connection.close();
    }

    /** Makes sure the table exists, as the sync checks its columns when it starts. */
    public static void exists() {
        try (Connection connection = DriverManager.getConnection(URL)) {
            create(connection, false);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test change table", e);
        }
    }

    private static void create(Connection connection, boolean replace) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (replace) {
                statement.execute("DROP TABLE IF EXISTS \"" + NAME + "\"");
            }
            statement.execute("CREATE TABLE IF NOT EXISTS \"" + NAME + "\" (\"line_id\" VARCHAR(40) NOT NULL, \"email\" VARCHAR(100), \"phone\" VARCHAR(30), "
                    + "\"first_name\" VARCHAR(50), \"loyalty_tier\" VARCHAR(20), \"event_name\" VARCHAR(40), \"event_time\" TIMESTAMP, "
                    + "\"order_id\" VARCHAR(20), \"product_id\" VARCHAR(20), \"currency\" VARCHAR(3), \"quantity\" INT, "
                    + "\"unit_sale_price\" DECIMAL(12,2), \"params\" VARCHAR(1000), \"_change_type\" VARCHAR(20) NOT NULL, \"_commit_version\" BIGINT NOT NULL, "
                    + "\"_commit_timestamp\" TIMESTAMP NOT NULL)");
        }
    }

    /** A customer's profile row: attributes only. */
    public ChangeTable profile(long version, String changeType, String lineId, String email, String firstName, String tier) throws SQLException {
        return row(version, changeType, lineId, email, null, firstName, tier, null, null, null, null, null, null, null);
    }

    /** One line of a purchase basket. */
    public ChangeTable purchase(long version, String lineId, String email, String order, String product, String currency,
                                Integer quantity, String price) throws SQLException {
        return row(version, "insert", lineId, email, null, null, null, "purchase", LocalDateTime.of(2026, 11, 20, 10, 0),
                order, product, currency, quantity, price == null ? null : new BigDecimal(price));
    }

    public ChangeTable row(long version, String changeType, String lineId, String email, String phone, String firstName, String tier,
                           String eventName, LocalDateTime eventTime, String order, String product, String currency, Integer quantity,
                           BigDecimal price) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + NAME + "\" (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = {lineId, email, phone, firstName, tier, eventName, eventTime == null ? null : Timestamp.valueOf(eventTime),
                order, product, currency, quantity, price, changeType, version, Timestamp.valueOf(LocalDateTime.of(2026, 11, 21, 0, 0).plusMinutes(version))};
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
        return this;
    }

    /** Sets the event-parameters column (JSON object text) of a row already written. */
    public ChangeTable params(String lineId, long version, String json) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE \"" + NAME + "\" SET \"params\" = ? WHERE \"line_id\" = ? AND \"_commit_version\" = ?")) {
            update.setString(1, json);
            update.setString(2, lineId);
            update.setLong(3, version);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no row " + lineId + " at version " + version);
            }
        }
        return this;
    }

    /** Drops a column, as an integrator might change the table while the sync runs. */
    public ChangeTable dropColumn(String column) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE \"" + NAME + "\" DROP COLUMN \"" + column + "\"");
        }
        return this;
    }

    /** Many single-row users at one version, in one transaction. */
    public ChangeTable manyProfiles(long version, int count, String padding) throws SQLException {
        connection.setAutoCommit(false);
        for (int i = 0; i < count; i++) {
            profile(version, "insert", "bulk-" + i, String.format("user%05d@example.com", i), "User" + i + padding, null);
        }
        connection.commit();
        connection.setAutoCommit(true);
        return this;
    }
}
