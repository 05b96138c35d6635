package io.insidersync.source;

import java.sql.SQLException;

import io.insidersync.config.Secrets;

/**
 * What a database said, fit for a one-line message. Spark's Thrift Server puts its whole server-side stack trace (and
 * the query plan) in the message after the sentences that say what went wrong: only those sentences are kept. A driver
 * may repeat its URL, password and all: secrets are masked ({@link Secrets}).
 */
public final class SqlErrors {

    private static final int MAX_LENGTH = 600;

    private SqlErrors() {
    }

    public static String summary(SQLException e) {
        // Masked before it is cut to length, so that no part of a secret is left at the cut.
        String message = Secrets.redact(e.getMessage());
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

    /**
     * The failure as it may travel on, printed with its causes: itself when no secret is in its messages, otherwise a
     * plain {@link SQLException} with the same SQLState, error code and stack trace and its message masked. The copy
     * keeps the cause only when no secret is in the cause's messages either.
     */
    public static SQLException withoutSecrets(SQLException e) {
        if (!holdsSecret(e)) {
            return e;
        }
        SQLException masked = new SQLException(Secrets.redact(e.getMessage()), e.getSQLState(), e.getErrorCode());
        masked.setStackTrace(e.getStackTrace());
        if (e.getCause() != null && !holdsSecret(e.getCause())) {
            masked.initCause(e.getCause());
        }
        return masked;
    }

    private static boolean holdsSecret(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !message.equals(Secrets.redact(message))) {
                return true;
            }
        }
        return false;
    }

    /** The summary without its closing full stop, for a message that goes on after it. */
    public static String clause(SQLException e) {
        return summary(e).replaceFirst("[.\\s]+$", "");
    }
}
