package io.insidersync.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a window: the table's columns as the driver returned them, with what the feed says about it.
 *
 * @param insertedInWindow whether its key was inserted within the window (only then does it become an event)
 * @param basketConflicts  the bit mask of {@link ChangeColumns#BASKET_CONFLICTS}: 0 when its basket's lines agree
 */
public record ChangeRow(long commitVersion, Map<String, Object> key, Map<String, Object> values, boolean insertedInWindow,
                        int basketConflicts) {

    /** Reads the change-feed columns of a row from the window query. */
    public static ChangeRow of(Map<String, Object> values, List<String> keyColumns) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String column : keyColumns) {
            key.put(column, values.get(column));
        }
        Object version = values.get(ChangeColumns.COMMIT_VERSION);
        Object inserted = values.get(ChangeColumns.INSERTED_IN_WINDOW);
        Object conflicts = values.get(ChangeColumns.BASKET_CONFLICTS);
        return new ChangeRow(version instanceof Number number ? number.longValue() : -1, key, values,
                inserted instanceof Number number ? number.intValue() == 1 : Boolean.TRUE.equals(inserted),
                conflicts instanceof Number number ? number.intValue() : 0);
    }

    /** The row without its values: its key and version still say which row it is. */
    public ChangeRow reference() {
        return new ChangeRow(commitVersion, key, Map.of(), insertedInWindow, basketConflicts);
    }
}
