package io.insidersync.source;

/** The columns the Change Data Feed adds to a table's own, and the ones the window query adds for the mapping. */
public final class ChangeColumns {

    public static final String CHANGE_TYPE = "_change_type";
    public static final String COMMIT_VERSION = "_commit_version";
    public static final String COMMIT_TIMESTAMP = "_commit_timestamp";
    /** 1 when the row's key was inserted within the window: only such rows become events. */
    public static final String INSERTED_IN_WINDOW = "_inserted_in_window";
    public static final String NET_RANK = "_net_rank";
    /** 1 when the row's commit deleted its key: with an insert in the same commit, the key was rewritten, not added. */
    public static final String DELETED_IN_COMMIT = "_deleted_in_commit";
    /** A bit mask of the columns the lines of this row's basket disagree on; 0 when they agree. */
    public static final String BASKET_CONFLICTS = "_basket_conflicts";

    private ChangeColumns() {
    }
}
