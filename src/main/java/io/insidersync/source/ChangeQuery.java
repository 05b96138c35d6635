package io.insidersync.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the one statement a window is read with: the net change per key (the latest image wins, a delete wins over
 * an earlier insert, pre-images and deletes never come out), ordered so that the rows of one user and of one basket
 * arrive one after another.
 */
public final class ChangeQuery {

    private final SourceDialect dialect;
    private final List<String> keyColumns;
    private final List<String> orderColumns;

    /**
     * @param keyColumns  the key of the table (already validated)
     * @param userColumns the columns that identify a user, then the basket column: rows are ordered by them
     */
    public ChangeQuery(SourceDialect dialect, List<String> keyColumns, List<String> userColumns) {
        this.dialect = dialect;
        this.keyColumns = List.copyOf(keyColumns);
        LinkedHashSet<String> order = new LinkedHashSet<>(userColumns);
        order.add(ChangeColumns.COMMIT_VERSION);
        order.addAll(keyColumns);
        this.orderColumns = List.copyOf(order);
    }

    public String sql(Window window) {
        String source = window.snapshot()
                ? dialect.snapshotRows(window.toVersion()).orElseThrow(() -> new IllegalStateException("this source has no snapshots"))
                : dialect.changeRows(window.fromVersion(), window.toVersion());
        List<String> conditions = new ArrayList<>();
        conditions.add(q(ChangeColumns.CHANGE_TYPE) + " <> 'update_preimage'");
        if (!window.snapshot()) {
            dialect.windowCondition(window.fromVersion(), window.toVersion()).ifPresent(conditions::add);
        }
        String partition = keyColumns.stream().map(this::q).collect(Collectors.joining(", "));
        return "SELECT * FROM (SELECT c.*, "
                + "ROW_NUMBER() OVER (PARTITION BY " + partition + " ORDER BY " + q(ChangeColumns.COMMIT_VERSION) + " DESC, "
                + "CASE " + q(ChangeColumns.CHANGE_TYPE) + " WHEN 'delete' THEN 0 WHEN 'update_postimage' THEN 1 ELSE 2 END) AS "
                + q(ChangeColumns.NET_RANK) + ", "
                + "MAX(CASE WHEN " + q(ChangeColumns.CHANGE_TYPE) + " = 'insert' THEN 1 ELSE 0 END) OVER (PARTITION BY " + partition
                + ") AS " + q(ChangeColumns.INSERTED_IN_WINDOW)
                + " FROM " + source
                + " WHERE " + String.join(" AND ", conditions)
                + ") n WHERE " + q(ChangeColumns.NET_RANK) + " = 1 AND " + q(ChangeColumns.CHANGE_TYPE) + " <> 'delete'"
                + " ORDER BY " + orderColumns.stream().map(this::q).collect(Collectors.joining(", "));
    }

    private String q(String name) {
        return dialect.quote(name);
    }
}
