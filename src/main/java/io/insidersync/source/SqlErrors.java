package io.insidersync.source;

import java.sql.SQLException;

/**
 * What a database said, fit for a one-line message. Spark's Thrift Server puts its whole server-side stack trace (and
 * the query plan) in the message after the sentences that say what went wrong: only those sentences are kept.
 */
public final class SqlErrors {

    private static final int MAX_LENGTH = 600;

    private SqlErrors() {
    }

    public static String summary(SQLException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName() + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
        }
        StringBuilder summary = new StringBuilder();
        for (String line : message.lines().map(String::strip).toList()) {
            if (line.isEmpty() || isTraceOrPlan(line)) {
                break;
            }
            summary.append(summary.length() == 0 ? "" : " ").append(line);
        }
        String text = summary.length() == 0 ? message.strip().lines().findFirst().orElse("") : summary.toString();
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }

    private static boolean isTraceOrPlan(String line) {
        return line.startsWith("at ") || line.startsWith("Caused by") || line.startsWith("...") || line.startsWith("'")
                || line.startsWith("+-") || line.startsWith(":-") || line.startsWith("==");
    }

    /** The summary without its closing full stop, for a message that goes on after it. */
    public static String clause(SQLException e) {
        return summary(e).replaceFirst("[.\\s]+$", "");
    }
}
