package io.insidersync.source;

import java.sql.Types;
import java.util.Locale;

/**
 * A column's type as Databricks names it ({@code decimal(10,2)}, {@code timestamp_ntz}, {@code array<string>}),
 * sorted into the kinds that convert differently.
 *
 * @param name    the type as the source printed it, for messages
 * @param element for an array, its element type; otherwise null
 */
public record ColumnType(Kind kind, String name, ColumnType element) {

    public enum Kind {
        STRING("STRING, VARCHAR, CHAR"),
        BOOLEAN("BOOLEAN"),
        INTEGER("TINYINT, SMALLINT, INT, BIGINT"),
        DECIMAL("DECIMAL"),
        FLOATING("FLOAT, DOUBLE"),
        DATE("DATE"),
        /** An instant (Databricks TIMESTAMP, SQL TIMESTAMP WITH TIME ZONE). */
        TIMESTAMP("TIMESTAMP"),
        /** A wall-clock time without a zone (Databricks TIMESTAMP_NTZ, SQL TIMESTAMP). */
        TIMESTAMP_NTZ("TIMESTAMP_NTZ"),
        INTERVAL("INTERVAL"),
        ARRAY("ARRAY"),
        MAP("MAP"),
        STRUCT("STRUCT"),
        BINARY("BINARY"),
        /** Anything else (VOID, VARIANT, a type this sync does not know): only ever sent as text. */
        OTHER("other types");

        private final String databricksNames;

        Kind(String databricksNames) {
            this.databricksNames = databricksNames;
        }

        /** The Databricks types of this kind, for messages and the README. */
        public String databricksNames() {
            return databricksNames;
        }

        public boolean isNumeric() {
            return this == INTEGER || this == DECIMAL || this == FLOATING;
        }

        /** A value that is one thing, not a collection. */
        public boolean isSimple() {
            return this != ARRAY && this != MAP && this != STRUCT;
        }
    }

    /** A type as Databricks SQL prints it in {@code DESCRIBE TABLE}. */
    public static ColumnType ofDatabricks(String typeName) {
        String name = typeName.trim();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("array<") && lower.endsWith(">")) {
            return new ColumnType(Kind.ARRAY, name, ofDatabricks(name.substring("array<".length(), name.length() - 1)));
        }
        String base = lower.replaceFirst("[<(].*$", "").trim();
        Kind kind = switch (base) {
            case "string", "varchar", "char", "character", "text" -> Kind.STRING;
            case "boolean" -> Kind.BOOLEAN;
            case "tinyint", "byte", "smallint", "short", "int", "integer", "bigint", "long" -> Kind.INTEGER;
            case "decimal", "dec", "numeric" -> Kind.DECIMAL;
            case "float", "real", "double" -> Kind.FLOATING;
            case "date" -> Kind.DATE;
            case "timestamp", "timestamp_ltz" -> Kind.TIMESTAMP;
            case "timestamp_ntz" -> Kind.TIMESTAMP_NTZ;
            case "map" -> Kind.MAP;
            case "struct" -> Kind.STRUCT;
            case "binary" -> Kind.BINARY;
            default -> lower.startsWith("interval") ? Kind.INTERVAL : Kind.OTHER;
        };
        return new ColumnType(kind, name, null);
    }

    /**
     * A type from JDBC metadata (a change table in another database). Standard SQL's TIMESTAMP has no zone, so it is
     * Databricks' TIMESTAMP_NTZ; TIMESTAMP WITH TIME ZONE is an instant.
     */
    public static ColumnType ofJdbc(int sqlType, String typeName) {
        String name = typeName == null ? "" : typeName;
        Kind kind = switch (sqlType) {
            // Large text objects are read as their whole text (LargeObjects).
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB,
                 Types.NCLOB, Types.SQLXML -> Kind.STRING;
            case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
            case Types.DECIMAL, Types.NUMERIC -> Kind.DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> Kind.FLOATING;
            case Types.DATE -> Kind.DATE;
            case Types.TIMESTAMP -> Kind.TIMESTAMP_NTZ;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP;
            case Types.STRUCT -> Kind.STRUCT;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BINARY;
            case Types.ARRAY -> Kind.ARRAY;
            default -> name.toUpperCase(Locale.ROOT).startsWith("INTERVAL") ? Kind.INTERVAL : Kind.OTHER;
        };
        ColumnType element = null;
        if (kind == Kind.ARRAY) {
            // Databases name arrays by their element ("INTEGER ARRAY", "CHARACTER VARYING ARRAY"); its first word is enough.
            String elementName = name.replaceFirst("(?i)\\s*ARRAY$", "").trim();
            element = ofDatabricks(elementName.isEmpty() ? "" : elementName.split("[\\s(]")[0]);
        }
        return new ColumnType(kind, name, element);
    }

    @Override
    public String toString() {
        return name.toUpperCase(Locale.ROOT);
    }
}
