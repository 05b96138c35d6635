package io.insidersync.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the one statement a window is read with: the net change per key (the latest image wins, a delete wins over
 * an earlier insert, pre-images and deletes never come out; a key deleted and written again in one commit is an update
 * to its new image), ordered so that the rows of one user and of one basket arrive one after another. When baskets are
 * mapped, each row also carries a bit mask of the basket's disagreements: bit i is set when the basket's event lines in
 * the window disagree on the i-th of the basket's columns.
 */
public final class ChangeQuery {

    private final SourceDialect dialect;
    private final List<String> keyColumns;
    private final List<String> orderColumns;
    private final String basketColumn;
    private final List<String> basketAgreementColumns;

    /**
     * @param keyColumns             the key of the table (already validated)
     * @param userColumns            the columns that identify a user, then the basket column: rows are ordered by them
     * @param basketColumn           the event_group_id column, or null when baskets are not mapped
     * @param basketAgreementColumns the columns every line of one basket must agree on (at most 30)
     */
    public ChangeQuery(SourceDialect dialect, List<String> keyColumns, List<String> userColumns, String basketColumn,
                       List<String> basketAgreementColumns) {
        if (basketAgreementColumns.size() > 30) {
            throw new IllegalArgumentException("at most 30 basket columns fit the bit mask");
        }
        this.dialect = dialect;
        this.keyColumns = List.copyOf(keyColumns);
        this.basketColumn = basketColumn;
        this.basketAgreementColumns = basketColumn == null ? List.of() : List.copyOf(basketAgreementColumns);
        LinkedHashSet<String> order = new LinkedHashSet<>(userColumns);
        order.add(ChangeColumns.COMMIT_VERSION);
        order.addAll(keyColumns);
        this.orderColumns = List.copyOf(order);
    }

    public String sql(Window window) {
        String source = window.snapshot()
                ? dialect.snapshotRows(new TableVersion(window.toVersion(), window.committedAt()))
                : dialect.changeRows(window.fromVersion(), window.toVersion());
        List<String> conditions = new ArrayList<>();
        conditions.add(q(ChangeColumns.CHANGE_TYPE) + " <> 'update_preimage'");
        if (!window.snapshot()) {
            dialect.windowCondition(window.fromVersion(), window.toVersion()).ifPresent(conditions::add);
        }
        String partition = keyColumns.stream().map(this::q).collect(Collectors.joining(", "));
        String changeType = q(ChangeColumns.CHANGE_TYPE);
        String version = q(ChangeColumns.COMMIT_VERSION);
        // Innermost: whether the row's commit also deleted its key. A commit that deletes and inserts one key (INSERT
        // OVERWRITE, REPLACE WHERE) rewrote the row: its insert is the key's new image, not a new row. A snapshot holds
        // no deletes.
        String deletedInCommit = window.snapshot() ? "0"
                : "MAX(CASE WHEN " + changeType + " = 'delete' THEN 1 ELSE 0 END) OVER (PARTITION BY " + partition + ", " + version + ")";
        String changes = "SELECT c.*, " + deletedInCommit + " AS " + q(ChangeColumns.DELETED_IN_COMMIT)
                + " FROM " + source
                + " WHERE " + String.join(" AND ", conditions);
        // Then the net change per key: the latest version wins; within one version an image wins over the delete it
        // replaces. Only an insert its commit did not pair with a delete makes the key new in the window.
        String netChanges = "SELECT r.*, "
                + "ROW_NUMBER() OVER (PARTITION BY " + partition + " ORDER BY " + version + " DESC, "
                + "CASE " + changeType + " WHEN 'update_postimage' THEN 0 WHEN 'insert' THEN 1 ELSE 2 END) AS " + q(ChangeColumns.NET_RANK) + ", "
                + "MAX(CASE WHEN " + changeType + " = 'insert' AND " + q(ChangeColumns.DELETED_IN_COMMIT) + " = 0 THEN 1 ELSE 0 END)"
                + " OVER (PARTITION BY " + partition + ") AS " + q(ChangeColumns.INSERTED_IN_WINDOW)
                + " FROM (" + changes + ") r";
        return "SELECT n.*" + basketConflicts() + " FROM (" + netChanges + ") n"
                + " WHERE " + q(ChangeColumns.NET_RANK) + " = 1 AND " + changeType + " <> 'delete'"
                + " ORDER BY " + orderColumns.stream().map(this::q).collect(Collectors.joining(", "));
    }

    /**
     * Window functions over the net rows of each basket's event lines (rows inserted within the window): a column
     * disagrees when two lines hold different values, or some lines hold one and others none.
     */
    private String basketConflicts() {
        if (basketAgreementColumns.isEmpty()) {
            return "";
        }
        String inserted = q(ChangeColumns.INSERTED_IN_WINDOW);
        String window = " OVER (PARTITION BY " + q(basketColumn) + ", " + inserted + ")";
        List<String> bits = new ArrayList<>();
        for (int i = 0; i < basketAgreementColumns.size(); i++) {
            String column = q(basketAgreementColumns.get(i));
            bits.add("CASE WHEN MIN(" + column + ")" + window + " <> MAX(" + column + ")" + window
                    + " OR (COUNT(" + column + ")" + window + " > 0 AND COUNT(" + column + ")" + window + " < COUNT(*)" + window + ")"
                    + " THEN " + (1 << i) + " ELSE 0 END");
        }
        return ", CASE WHEN " + q(basketColumn) + " IS NULL OR " + inserted + " = 0 THEN 0 ELSE " + String.join(" + ", bits)
                + " END AS " + q(ChangeColumns.BASKET_CONFLICTS);
    }

    private String q(String name) {
        return dialect.quote(name);
    }
}
