package io.insidersync.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** What differs between the SQL a Databricks SQL warehouse understands and the SQL of a plain change table. */
public interface SourceDialect {

    /** A quoted identifier; the name has already passed {@link SqlNames}. */
    String quote(String name);

    /**
     * A statement whose first row has a column {@code version}: the table's latest version, or null when it has none;
     * and, where the source tells it, a column {@code timestamp}: when that version was committed.
     */
    String latestVersionSql();

    /** The FROM source of the change rows of versions {@code from..to} (both inclusive), aliased {@code c}. */
    String changeRows(long fromVersion, long toVersion);

    /** A condition on the change rows of the window, or empty when {@link #changeRows} already restricts them. */
    Optional<String> windowCondition(long fromVersion, long toVersion);

    /**
     * A statement listing the table's commits, newest first, with the columns {@code version} and
     * {@code operationParameters}; empty when the source keeps no such history.
     */
    Optional<String> historySql();

    /** Whether the source can read the table as of a version ({@link #snapshotRows}). */
    boolean hasSnapshots();

    /**
     * The table as of a version, aliased {@code c}, with the change-feed columns added as if every row had just been
     * inserted at that version's commit time; only called when {@link #hasSnapshots()}.
     */
    String snapshotRows(TableVersion version);

    /** The columns (and their types) of the rows {@link #changeRows} gives, change-feed columns included. */
    TableSchema readSchema(Connection connection) throws SQLException;
}
