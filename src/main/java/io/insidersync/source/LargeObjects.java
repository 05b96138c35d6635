package io.insidersync.source;

import java.sql.Clob;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The large text objects a driver hands over for CLOB, NCLOB and SQLXML columns, read as their whole text. A driver's
 * large object is a handle into its result set: none answers once the connection is closed, none is meant to be used
 * from two threads at once, and a driver may drop it as the cursor moves on. So each row is read here on the thread
 * that takes it from the driver, as it is taken, and nothing after that holds a handle. (camel-jdbc's StreamList has
 * already moved the cursor one row on when it hands a row over: a driver that drops a large object at once then
 * cannot be read through it, whatever is done here.) BLOBs are left as they are: they are never sent, and reading them
 * whole would fill memory for nothing.
 */
public final class LargeObjects {

    private LargeObjects() {
    }

    /** Whether the value is a large text object of a driver. */
    public static boolean isText(Object value) {
        return value instanceof Clob || value instanceof SQLXML;
    }

    /** The whole text of a large text object (NCLOB is a CLOB). */
    public static String text(Object value) throws SQLException {
        if (value instanceof SQLXML xml) {
            return xml.getString();
        }
        Clob clob = (Clob) value;
        long length = clob.length();
        if (length > Integer.MAX_VALUE) {
            throw new SQLException("it holds " + length + " characters, more than a Java string can");
        }
        return length == 0 ? "" : clob.getSubString(1, (int) length);
    }

    /** Each row as it is taken from the driver, its large text objects replaced by their text. */
    public static <T> Iterator<T> readAsTaken(Iterator<T> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public T next() {
                return read(rows.next());
            }
        };
    }

    /**
     * The row with its large text objects replaced by their text, each handle freed once read: the same row when it
     * holds none (anything that is not a row of column values is left as it is).
     */
    @SuppressWarnings("unchecked")
    static <T> T read(T row) {
        if (!(row instanceof Map<?, ?> values) || !holdsText(values)) {
            return row;
        }
        Map<Object, Object> read = new LinkedHashMap<>();
        values.forEach((column, value) -> read.put(column, isText(value) ? readAndFree(column, value, values) : value));
        return (T) read;
    }

    private static boolean holdsText(Map<?, ?> values) {
        for (Object value : values.values()) {
            if (isText(value)) {
                return true;
            }
        }
        return false;
    }

    private static String readAndFree(Object column, Object value, Map<?, ?> row) {
        String text;
        try {
            text = text(value);
        } catch (SQLException e) {
            Object version = row.get(ChangeColumns.COMMIT_VERSION);
            throw new SourceException("Could not read column " + column + " (" + (value instanceof SQLXML ? "SQLXML" : "CLOB") + ")"
                    + (version == null ? "" : " of a row of version " + version) + ": " + e.getMessage(), e);
        }
        try {
            // Some drivers keep every handle until the transaction ends: a long window would pile them up.
            if (value instanceof SQLXML xml) {
                xml.free();
            } else {
                ((Clob) value).free();
            }
        } catch (SQLException | UnsupportedOperationException e) {
            // Freeing is only a courtesy to the driver; the text has been read.
        }
        return text;
    }
}
