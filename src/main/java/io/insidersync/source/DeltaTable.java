package io.insidersync.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Databricks says of the synced table, as far as syncing its Change Data Feed goes. Like Insider's own connector,
 * the sync takes only a Delta table (not a view) with {@code delta.enableChangeDataFeed=true}; each problem says what
 * to run.
 *
 * @param table          the name as configured in {@code sync.table}, for messages
 * @param quotedName     the name as it goes into statements, each part quoted
 * @param type           {@code MANAGED}, {@code EXTERNAL}, {@code VIEW} … as {@code DESCRIBE TABLE EXTENDED} prints it
 * @param format         {@code delta}, {@code parquet} …; empty for a view
 * @param changeDataFeed whether {@code delta.enableChangeDataFeed} is {@code true}
 */
public record DeltaTable(String table, String quotedName, String type, String format, boolean changeDataFeed) {

    /** The section of {@code DESCRIBE TABLE EXTENDED} that follows the columns. */
    static final String DETAILS_HEADER = "# Detailed Table Information";

    /**
     * The name → value rows of {@code DESCRIBE TABLE EXTENDED}'s detailed section ({@code Type}, {@code Provider} …),
     * from its rows of (col_name, data_type); the first value of a name wins.
     */
    static Map<String, String> details(List<String[]> rows) {
        Map<String, String> details = new LinkedHashMap<>();
        boolean inDetails = false;
        for (String[] row : rows) {
            String name = row[0] == null ? "" : row[0].trim();
            if (name.equalsIgnoreCase(DETAILS_HEADER)) {
                inDetails = true;
            } else if (inDetails && !name.isEmpty() && !name.startsWith("#")) {
                details.putIfAbsent(name, row[1] == null ? "" : row[1].trim());
            }
        }
        return details;
    }

    /** A view, or a materialized view: neither has a Change Data Feed of its own. */
    public boolean isView() {
        return isView(type);
    }

    static boolean isView(String type) {
        return type.toUpperCase(Locale.ROOT).contains("VIEW");
    }

    public boolean isDelta() {
        return format.equalsIgnoreCase("delta");
    }

    /** The statement that turns the Change Data Feed on. */
    public String enableChangeDataFeed() {
        return "ALTER TABLE " + quotedName + " SET TBLPROPERTIES (delta.enableChangeDataFeed = true)";
    }

    public Optional<String> viewProblem() {
        if (!isView()) {
            return Optional.empty();
        }
        return Optional.of("sync.table " + table + " is a " + type.toLowerCase(Locale.ROOT).replace('_', ' ')
                + ", and a view has no Change Data Feed: set sync.table to the Delta table the view reads from, with its Change Data Feed on"
                + " (ALTER TABLE <that table> SET TBLPROPERTIES (delta.enableChangeDataFeed = true))");
    }

    /** Empty for a Delta table, and for a view (whose problem is {@link #viewProblem}). */
    public Optional<String> formatProblem() {
        if (isView() || isDelta()) {
            return Optional.empty();
        }
        if (format.equalsIgnoreCase("parquet")) {
            return Optional.of("sync.table " + table + " is a Parquet table, not a Delta table: convert it with CONVERT TO DELTA "
                    + quotedName + ", then run " + enableChangeDataFeed());
        }
        String which = format.isEmpty() ? "is not a Delta table (Databricks did not say its format)" : "is a " + format + " table, not a Delta table";
        return Optional.of("sync.table " + table + " " + which + ", and only Parquet tables convert in place: copy it with CREATE TABLE <new table> "
                + "USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true) AS SELECT * FROM " + quotedName + ", then set sync.table to the copy");
    }

    /** Empty when the feed is on, and for a table that is not Delta at all (whose problem comes first). */
    public Optional<String> changeDataFeedProblem() {
        if (isView() || !isDelta() || changeDataFeed) {
            return Optional.empty();
        }
        return Optional.of("sync.table " + table + " has no Change Data Feed (delta.enableChangeDataFeed is not true): run " + enableChangeDataFeed());
    }

    /** The first problem: a view, then the format, then the feed. */
    public Optional<String> firstProblem() {
        return viewProblem().or(this::formatProblem).or(this::changeDataFeedProblem);
    }
}
