package io.insidersync.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

import io.insidersync.config.ConfigurationException;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which versions a run reads: from the version after the checkpoint to the table's latest version, or
 * nothing when the table has no newer version. Before the first sync, {@code sync.start} decides. A window that a
 * previous run started but did not finish is read again exactly as it was, so its acknowledged batches can be skipped.
 */
public final class WindowPlanner implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WindowPlanner.class);

    private final UrlDataSource source;
    private final SourceDialect dialect;
    private final CheckpointStore checkpoints;
    private final StartPosition start;
    private final String table;
    private final Map<String, String> batchSettings;

    /**
     * @param batchSettings the settings that decide how a window is cut into batches: an unfinished window is resumed
     *                      only with the same ones
     */
    public WindowPlanner(UrlDataSource source, SourceDialect dialect, CheckpointStore checkpoints, StartPosition start, String table,
                         Map<String, String> batchSettings) {
        this.source = source;
        this.dialect = dialect;
        this.checkpoints = checkpoints;
        this.start = start;
        this.table = table;
        this.batchSettings = Map.copyOf(batchSettings);
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        Optional<TableVersion> latest = latestVersion();
        run.setLatestVersion(latest.isPresent() ? OptionalLong.of(latest.get().number()) : OptionalLong.empty());
        Optional<WindowProgress> unfinished = checkpoints.readProgress();
        if (unfinished.isPresent()) {
            requireWithinTable("its window in progress, " + unfinished.get().window() + ", ends at version", unfinished.get().window().toVersion(),
                    latest);
            WindowProgress progress = resume(unfinished.get());
            run.setWindow(progress.window());
            run.setProgress(progress);
        } else {
            Window window = plan(checkpoints.read(), latest).orElse(null);
            run.setWindow(window);
            run.setProgress(window == null ? null : new WindowProgress(window, batchSettings));
        }
        recordLag(run, latest);
    }

    /** How far behind the table's latest commit the sync is while it reads this window (nothing to read: not behind). */
    private static void recordLag(SyncRun run, Optional<TableVersion> latest) {
        Window window = run.getWindow();
        if (window == null || latest.isEmpty()) {
            run.metrics().lag(0, 0);
            return;
        }
        Instant committedAt = latest.get().committedAt();
        long versions = latest.get().number() - window.fromVersion() + 1;
        run.metrics().lag(versions, committedAt == null ? 0 : Duration.between(committedAt, Instant.now()).toSeconds());
    }

    WindowProgress resume(WindowProgress progress) {
        if (!progress.batchSettings().equals(batchSettings)) {
            throw new ConfigurationException("Window " + progress.window() + " of table " + table + " was interrupted after some of its "
                    + "batches were delivered, and settings that decide its batches have changed since: "
                    + differences(progress.batchSettings()) + ". Put them back to finish the window without sending anything twice, "
                    + "or remove \"window_in_progress\" from " + checkpoints.location() + " to send the whole window again "
                    + "(its delivered batches would be sent twice).");
        }
        LOG.info("Resuming window {} of table {}: batches already delivered are not sent again", progress.window(), table);
        return progress;
    }

    private String differences(Map<String, String> stored) {
        List<String> changes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(stored.keySet());
        names.addAll(batchSettings.keySet());
        for (String name : names) {
            String before = stored.get(name);
            String now = batchSettings.get(name);
            if (before == null || !before.equals(now)) {
                changes.add(name + " (was " + (before == null ? "not set" : "'" + before + "'") + ", now "
                        + (now == null ? "not set" : "'" + now + "'") + ")");
            }
        }
        return String.join(", ", changes);
    }

    Optional<Window> plan(OptionalLong checkpoint, Optional<TableVersion> latest) {
        if (latest.isEmpty()) {
            LOG.info("Table {} has no versions yet: nothing to sync", table);
            return Optional.empty();
        }
        long last = latest.get().number();
        if (checkpoint.isPresent()) {
            requireWithinTable("its checkpoint is at version", checkpoint.getAsLong(), latest);
            long next = checkpoint.getAsLong() + 1;
            return next > last ? Optional.empty() : Optional.of(Window.changes(next, last));
        }
        if (checkpoints.resyncRequested()) {
            LOG.info("Resync of table {}: its state as of version {} is sent from a snapshot", table, last);
            return Optional.of(fromTheStart(latest.get()));
        }
        return switch (start.kind()) {
            case SNAPSHOT -> Optional.of(fromTheStart(latest.get()));
            case LATEST -> {
                // Nothing before this point is wanted: remember it, and the next run picks up what comes after.
                checkpoints.write(last);
                LOG.info("First run with sync.start=latest: table {} is at version {}; changes after it will be synced", table, last);
                yield Optional.empty();
            }
            case VERSION -> start.version() > last ? Optional.empty() : Optional.of(Window.changes(start.version(), last));
        };
    }

    /**
     * A state beyond the table's latest version belongs to another table (the table was dropped and recreated, or
     * sync.table names another one now): trusted, it would say "up to date" until the new table caught up, and then
     * skip what it had not sent. (A change table with no rows at all has no latest version to compare with: it may have
     * been emptied after it was synced, and is taken as having nothing new.)
     */
    private void requireWithinTable(String state, long version, Optional<TableVersion> latest) {
        if (latest.isEmpty() || version <= latest.get().number()) {
            return;
        }
        throw new CorruptStateException("The state of table " + table + " does not match the table: " + state + " " + version + ", but the "
                + "table's latest version is " + latest.get().number() + ". The table was "
                + "dropped and recreated, or sync.table names another table now. Run --resync to send the table again from a snapshot "
                + "(--resync --once does it at once); the state is " + checkpoints.location() + ".", null);
    }

    /** The whole table: a snapshot where the source has them, otherwise every change it holds. */
    private Window fromTheStart(TableVersion latest) {
        return dialect.hasSnapshots() ? Window.snapshotAt(latest) : Window.changes(0, latest.number());
    }

    private Optional<TableVersion> latestVersion() {
        try (Connection connection = source.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(dialect.latestVersionSql())) {
            if (!result.next()) {
                return Optional.empty();
            }
            Object version = result.getObject("version");
            if (version == null) {
                return Optional.empty();
            }
            Timestamp committedAt = hasColumn(result, "timestamp") ? result.getTimestamp("timestamp") : null;
            return Optional.of(new TableVersion(((Number) version).longValue(), committedAt == null ? null : committedAt.toInstant()));
        } catch (SQLException e) {
            throw new SourceException("Could not read the latest version of table " + table + " from " + source.description()
                    + ": " + SqlErrors.summary(e), e);
        }
    }

    private static boolean hasColumn(ResultSet result, String name) throws SQLException {
        for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
            if (result.getMetaData().getColumnLabel(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
