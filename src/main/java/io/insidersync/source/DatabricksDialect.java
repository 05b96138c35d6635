package io.insidersync.source;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Databricks SQL: the Change Data Feed through {@code table_changes}, snapshots through {@code VERSION AS OF}. */
public final class DatabricksDialect implements SourceDialect {

    private final List<String> tableParts;

    public DatabricksDialect(List<String> tableParts) {
        this.tableParts = List.copyOf(tableParts);
    }

    @Override
    public String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private String table() {
        return tableParts.stream().map(this::quote).collect(Collectors.joining("."));
    }

    @Override
    public String latestVersionSql() {
        // DESCRIBE HISTORY, not max(_commit_version): commits that change no data are missing from the feed.
        return "DESCRIBE HISTORY " + table() + " LIMIT 1";
    }

    @Override
    public String changeRows(long fromVersion, long toVersion) {
        // An explicit end version keeps every out-of-range behaviour of table_changes away.
        return "table_changes('" + table() + "', " + fromVersion + ", " + toVersion + ") c";
    }

    @Override
    public Optional<String> windowCondition(long fromVersion, long toVersion) {
        return Optional.empty();
    }

    @Override
    public Optional<String> snapshotRows(long version) {
        return Optional.of("(SELECT s.*, 'insert' AS " + quote(ChangeColumns.CHANGE_TYPE)
                + ", CAST(" + version + " AS BIGINT) AS " + quote(ChangeColumns.COMMIT_VERSION)
                + ", CAST(NULL AS TIMESTAMP) AS " + quote(ChangeColumns.COMMIT_TIMESTAMP)
                + " FROM " + table() + " VERSION AS OF " + version + " s) c");
    }
}
