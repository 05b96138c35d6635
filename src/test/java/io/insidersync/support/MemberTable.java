package io.insidersync.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;

/**
 * A second change table beside {@link ChangeTable}, in the same H2 database, with columns of its own (member_id,
 * contact_email, tier): for a deployment that syncs several tables.
 */
public final class MemberTable {

    public static final String NAME = "member_changes";

    private MemberTable() {
    }

    /** An empty table (whatever an earlier test left is dropped). */
    public static void empty() {
        empty(ChangeTable.URL);
    }

    /** An empty table in the database at this URL (for a sync in another process: an H2 file database). */
    public static void empty(String url) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS \"" + NAME + "\"");
            statement.execute("CREATE TABLE \"" + NAME + "\" (\"member_id\" VARCHAR(20) NOT NULL, \"contact_email\" VARCHAR(100), "
                    + "\"tier\" VARCHAR(20), \"_change_type\" VARCHAR(20) NOT NULL, \"_commit_version\" BIGINT NOT NULL, "
                    + "\"_commit_timestamp\" TIMESTAMP NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test table " + NAME, e);
        }
    }

    /** A member inserted at a version. */
    public static void member(long version, String memberId, String email, String tier) throws SQLException {
        member(ChangeTable.URL, version, memberId, email, tier);
    }

    /** A member inserted at a version, in the database at this URL. */
    public static void member(String url, long version, String memberId, String email, String tier) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + NAME + "\" VALUES (?, ?, ?, 'insert', ?, ?)")) {
            insert.setString(1, memberId);
            insert.setString(2, email);
            insert.setString(3, tier);
            insert.setLong(4, version);
            insert.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2026, 11, 21, 0, 0).plusMinutes(version)));
            insert.executeUpdate();
        }
    }
}
