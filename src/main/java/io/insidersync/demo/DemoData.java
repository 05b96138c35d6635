package io.insidersync.demo;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;

import javax.sql.DataSource;

import io.insidersync.source.SourceException;

/**
 * The embedded demo's source: an H2 change table shaped like {@code table_changes()} output, filled on first use
 * with a small realistic history over three versions: customers with attributes, multi-line purchase baskets, an
 * update, a delete, and a few rows Insider would reject.
 */
public final class DemoData {

    private static final String[] COLUMNS = {"line_id", "customer_id", "email", "phone", "first_name", "last_name",
        "email_optin", "birthday", "country", "city", "loyalty_tier", "event_name", "event_time", "order_id", "product_id",
        "product_name", "category", "currency", "quantity", "unit_price", "unit_sale_price",
        "_change_type", "_commit_version", "_commit_timestamp"};

    private static final LocalDateTime FIRST_COMMIT = LocalDateTime.of(2026, 11, 20, 22, 0);

    private DemoData() {
    }

    public static void ensure(DataSource source, String table) {
        try (Connection connection = source.getConnection()) {
            if (exists(connection, table)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE \"" + table + "\" ("
                        + "\"line_id\" VARCHAR(40) NOT NULL, \"customer_id\" VARCHAR(20), \"email\" VARCHAR(100), \"phone\" VARCHAR(30), "
                        + "\"first_name\" VARCHAR(50), \"last_name\" VARCHAR(50), \"email_optin\" BOOLEAN, \"birthday\" DATE, "
                        + "\"country\" VARCHAR(2), \"city\" VARCHAR(50), \"loyalty_tier\" VARCHAR(20), "
                        + "\"event_name\" VARCHAR(40), \"event_time\" TIMESTAMP, \"order_id\" VARCHAR(20), \"product_id\" VARCHAR(20), "
                        + "\"product_name\" VARCHAR(100), \"category\" VARCHAR(50) ARRAY, \"currency\" VARCHAR(3), \"quantity\" INT, "
                        + "\"unit_price\" DECIMAL(12,2), \"unit_sale_price\" DECIMAL(12,2), "
                        + "\"_change_type\" VARCHAR(20) NOT NULL, \"_commit_version\" BIGINT NOT NULL, \"_commit_timestamp\" TIMESTAMP NOT NULL)");
            }
            fill(connection, table);
        } catch (SQLException e) {
            throw new SourceException("Could not prepare the demo database: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        try (ResultSet tables = metadata.getTables(null, null, table, null)) {
            return tables.next();
        }
    }

    private static void fill(Connection connection, String table) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO \"" + table + "\" (");
        for (int i = 0; i < COLUMNS.length; i++) {
            sql.append(i > 0 ? ", " : "").append('"').append(COLUMNS[i]).append('"');
        }
        sql.append(") VALUES (").append("?, ".repeat(COLUMNS.length - 1)).append("?)");
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            // Version 1: three customers, two baskets, a product view, and rows Insider would refuse.
            profile(insert, 1, "profile-ada", "C001", "ada@example.com", "+447700900123", "Ada", "Lovelace", true, "1985-12-10", "GB", "London", "Gold");
            profile(insert, 1, "profile-grace", "C002", "grace@example.com", "+12025550143", "Grace", "Hopper", true, "1990-12-09", "US", "Arlington", "Silver");
            profile(insert, 1, "profile-linus", "C003", "linus@example.com", null, "Linus", "Torvalds", false, null, "FI", "Helsinki", null);
            line(insert, 1, "ORD-1001-1", "C001", "ada@example.com", "purchase", "2026-11-20T09:15:00", "ORD-1001", "SKU-BOOK-01", "Notes on the Analytical Engine", "Books,History", "GBP", 1, "24.00", "19.90");
            line(insert, 1, "ORD-1001-2", "C001", "ada@example.com", "purchase", "2026-11-20T09:15:00", "ORD-1001", "SKU-PEN-07", "Fountain pen", "Stationery,Pens", "GBP", 2, "12.50", "12.50");
            line(insert, 1, "ORD-1002-1", "C002", "grace@example.com", "purchase", "2026-11-20T14:02:00", "ORD-1002", "SKU-KB-02", "Mechanical keyboard", "Electronics,Keyboards", "USD", 1, "129.00", "99.00");
            line(insert, 1, "ORD-1002-2", "C002", "grace@example.com", "purchase", "2026-11-20T14:02:00", "ORD-1002", "SKU-MS-05", "Wireless mouse", "Electronics,Mice", "USD", 1, "39.00", "35.00");
            line(insert, 1, "ORD-1002-3", "C002", "grace@example.com", "purchase", "2026-11-20T14:02:00", "ORD-1002", "SKU-CBL-09", "USB-C cable", "Electronics,Cables", "USD", 3, "9.00", "9.00");
            line(insert, 1, "VIEW-2001", "C003", "linus@example.com", "product_detail_page_view", "2026-11-20T18:30:00", null, "SKU-KB-02", "Mechanical keyboard", "Electronics,Keyboards", null, null, null, null);
            profile(insert, 1, "profile-bad-email", "C004", "not-an-email", null, "Bad", "Address", true, null, "DE", "Berlin", null);
            profile(insert, 1, "profile-bad-phone", "C005", "pat@example.com", "0049-30-1234", "Pat", "Smith", true, null, "DE", "Berlin", null);
            line(insert, 1, "ORD-1003-1", "C003", "linus@example.com", "purchase", "2026-11-20T19:00:00", "ORD-1003", "SKU-TUX-01", "Penguin plush", "Toys", "ZZZ", 1, "15.00", "15.00");

            // Version 2: Ada moves up a loyalty tier (an update), Linus buys (a new basket).
            profile(insert, 2, "update_preimage", "profile-ada", "C001", "ada@example.com", "+447700900123", "Ada", "Lovelace", true, "1985-12-10", "GB", "London", "Gold");
            profile(insert, 2, "update_postimage", "profile-ada", "C001", "ada@example.com", "+447700900123", "Ada", "Lovelace", true, "1985-12-10", "GB", "London", "Platinum");
            line(insert, 2, "ORD-1004-1", "C003", "linus@example.com", "purchase", "2026-11-21T08:45:00", "ORD-1004", "SKU-SSD-04", "1 TB SSD", "Electronics,Storage", "EUR", 1, "89.00", "79.00");

            // Version 3: a basket line entered by mistake is deleted (deletes are never sent).
            row(insert, 3, "delete", new Object[] {"ORD-1002-3", "C002", "grace@example.com", null, null, null, null, null, null, null, null,
                "purchase", ts("2026-11-20T14:02:00"), "ORD-1002", "SKU-CBL-09", "USB-C cable", array(connection, "Electronics,Cables"), "USD", 3,
                new java.math.BigDecimal("9.00"), new java.math.BigDecimal("9.00")});
        }
    }

    private static void profile(PreparedStatement insert, long version, String lineId, String customer, String email, String phone,
                                String first, String last, Boolean optin, String birthday, String country, String city, String tier) throws SQLException {
        profile(insert, version, "insert", lineId, customer, email, phone, first, last, optin, birthday, country, city, tier);
    }

    private static void profile(PreparedStatement insert, long version, String changeType, String lineId, String customer, String email,
                                String phone, String first, String last, Boolean optin, String birthday, String country, String city,
                                String tier) throws SQLException {
        row(insert, version, changeType, new Object[] {lineId, customer, email, phone, first, last, optin,
            birthday == null ? null : java.sql.Date.valueOf(birthday), country, city, tier, null, null, null, null, null, null, null, null, null, null});
    }

    private static void line(PreparedStatement insert, long version, String lineId, String customer, String email, String event, String time,
                             String order, String product, String name, String categories, String currency, Integer quantity,
                             String unitPrice, String salePrice) throws SQLException {
        row(insert, version, "insert", new Object[] {lineId, customer, email, null, null, null, null, null, null, null, null, event, ts(time),
            order, product, name, array(insert.getConnection(), categories), currency, quantity,
            unitPrice == null ? null : new java.math.BigDecimal(unitPrice), salePrice == null ? null : new java.math.BigDecimal(salePrice)});
    }

    private static void row(PreparedStatement insert, long version, String changeType, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            insert.setObject(i + 1, values[i]);
        }
        insert.setString(values.length + 1, changeType);
        insert.setLong(values.length + 2, version);
        insert.setTimestamp(values.length + 3, Timestamp.valueOf(FIRST_COMMIT.plusHours(version - 1)));
        insert.executeUpdate();
    }

    private static Timestamp ts(String isoLocal) {
        return Timestamp.valueOf(LocalDateTime.parse(isoLocal));
    }

    private static java.sql.Array array(Connection connection, String commaSeparated) throws SQLException {
        return commaSeparated == null ? null : connection.createArrayOf("VARCHAR", commaSeparated.split(","));
    }
}
