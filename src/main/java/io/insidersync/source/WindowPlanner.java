package io.insidersync.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;

import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which versions a run reads: from the version after the checkpoint to the table's latest version, or
 * nothing when the table has no newer version. Before the first sync, {@code sync.start} decides.
 */
public final class WindowPlanner implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WindowPlanner.class);

    private final UrlDataSource source;
    private final SourceDialect dialect;
    private final CheckpointStore checkpoints;
    private final StartPosition start;
    private final String table;

    public WindowPlanner(UrlDataSource source, SourceDialect dialect, CheckpointStore checkpoints, StartPosition start, String table) {
        this.source = source;
        this.dialect = dialect;
        this.checkpoints = checkpoints;
        this.start = start;
        this.table = table;
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        OptionalLong latest = latestVersion();
        run.setLatestVersion(latest);
        run.setWindow(plan(checkpoints.read(), latest).orElse(null));
    }

    Optional<Window> plan(OptionalLong checkpoint, OptionalLong latest) {
        if (latest.isEmpty()) {
            LOG.info("Table {} has no versions yet: nothing to sync", table);
            return Optional.empty();
        }
        long last = latest.getAsLong();
        if (checkpoint.isPresent()) {
            long next = checkpoint.getAsLong() + 1;
            return next > last ? Optional.empty() : Optional.of(Window.changes(next, last));
        }
        return switch (start.kind()) {
            case SNAPSHOT -> Optional.of(dialect.snapshotRows(last).isPresent() ? Window.snapshotAt(last) : Window.changes(0, last));
            case LATEST -> {
                // Nothing before this point is wanted: remember it, and the next run picks up what comes after.
                checkpoints.write(last);
                LOG.info("First run with sync.start=latest: table {} is at version {}; changes after it will be synced", table, last);
                yield Optional.empty();
            }
            case VERSION -> start.version() > last ? Optional.empty() : Optional.of(Window.changes(start.version(), last));
        };
    }

    private OptionalLong latestVersion() {
        try (Connection connection = source.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(dialect.latestVersionSql())) {
            if (!result.next()) {
                return OptionalLong.empty();
            }
            Object version = result.getObject("version");
            return version == null ? OptionalLong.empty() : OptionalLong.of(((Number) version).longValue());
        } catch (SQLException e) {
            throw new SourceException("Could not read the latest version of table " + table + " from " + source.description()
                    + ": " + e.getMessage(), e);
        }
    }
}
