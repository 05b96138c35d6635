package io.insidersync.source;

import java.sql.SQLException;

/**
 * What a database said, fit for a one-line message. Spark's Thrift Server puts its whole server-side stack trace in
 * the message; only the first line says what went wrong.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    public static String summary(SQLException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName() + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
        }
        return message.lines().filter(line -> !line.isBlank()).findFirst().orElse("").trim();
    }

    /** The summary without its closing full stop, for a message that goes on after it. */
    public static String clause(SQLException e) {
        return summary(e).replaceFirst("[.\\s]+$", "");
    }
}
