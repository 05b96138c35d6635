package io.insidersync.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a failed read of a window into a message that says what happened and how to recover, for the two ways a
 * table's history can be missing: change data never recorded for the start of the window (the Change Data Feed was
 * turned on later), and change files removed (VACUUM, or the table's retention). The run fails, so the checkpoint
 * stays where it was.
 */
public final class ChangeFeedFailures implements Processor {

    /** How Delta names a change-data-feed setting in a commit's operation parameters. */
    private static final Pattern CDF_SETTING = Pattern.compile("delta\\.enableChangeDataFeed\\W+(true|false)", Pattern.CASE_INSENSITIVE);

    private final UrlDataSource source;
    private final SourceDialect dialect;
    private final String table;

    public ChangeFeedFailures(UrlDataSource source, SourceDialect dialect, String table) {
        this.source = source;
        this.dialect = dialect;
        this.table = table;
    }

    @Override
    public void process(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        SQLException failure = sqlException(caught);
        Window window = SyncRun.of(exchange).getWindow();
        throw new SourceException(explain(failure, window), caught);
    }

    String explain(SQLException failure, Window window) {
        String said = failure == null ? "" : SqlErrors.summary(failure);
        String everything = failure == null ? "" : String.valueOf(failure.getMessage());
        if (isMissingChangeData(everything)) {
            OptionalLong first = firstVersionWithChangeData();
            String since = first.isPresent()
                    ? "its Change Data Feed was turned on at version " + first.getAsLong() + ", the first version with change data"
                    : "its Change Data Feed is off, or its history does not say when it was turned on";
            return "Table " + table + " has no change data for the start of window " + window + ": " + since + ". "
                    + (first.isPresent() ? "Set sync.start=version:" + first.getAsLong() + " to follow the feed from there, or run " : "Run ")
                    + "with --resync to send a snapshot of the table and follow the feed after it. Nothing was sent; the checkpoint did not move.";
        }
        if (areChangeFilesGone(everything)) {
            return "The change files of table " + table + " for window " + window + " no longer exist (removed by VACUUM or the "
                    + "table's retention), so these changes cannot be read. Run with --resync to send the table's current state from a "
                    + "snapshot and follow the feed after it; to keep this from happening, sync more often than the table's "
                    + "delta.deletedFileRetentionDuration. Nothing was sent; the checkpoint did not move.";
        }
        return "Could not read the changes of table " + table + " (window " + window + ") from " + source.description() + ": " + said;
    }

    static boolean isMissingChangeData(String message) {
        return message.contains("DELTA_MISSING_CHANGE_DATA") || message.contains("change data was not recorded");
    }

    static boolean areChangeFilesGone(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return message.contains("DELTA_CHANGE_DATA_FILE_NOT_FOUND")
                || lower.contains("_change_data") && (lower.contains("does not exist") || lower.contains("filenotfound"));
    }

    /** The version of the latest commit that turned the Change Data Feed on, if it is still on. */
    private OptionalLong firstVersionWithChangeData() {
        if (dialect.historySql().isEmpty()) {
            return OptionalLong.empty();
        }
        try (Connection connection = source.getConnection();
             Statement statement = connection.createStatement();
             ResultSet history = statement.executeQuery(dialect.historySql().get())) {
            while (history.next()) {
                Matcher setting = CDF_SETTING.matcher(String.valueOf(history.getString("operationParameters")));
                if (setting.find()) {
                    return setting.group(1).equalsIgnoreCase("true") ? OptionalLong.of(history.getLong("version")) : OptionalLong.empty();
                }
            }
            return OptionalLong.empty();
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }

    private static SQLException sqlException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
