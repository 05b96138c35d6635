package io.insidersync.delta;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A result column as a Databricks SQL warehouse describes it in a statement's manifest: {@code type_text} (the SQL type,
 * {@code DECIMAL(12,3)}, {@code TIMESTAMP_NTZ}, {@code ARRAY<STRING>}) and {@code type_name} (the API's type family,
 * {@code LONG} for BIGINT, {@code TIMESTAMP_NTZ} for the one family the API's enumeration lacks).
 */
record WarehouseColumn(String name, String typeText, String typeName, int precision, int scale) {

    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");
    private static final Pattern TYPE_WORDS = Pattern.compile("\\b(string|int|integer|bigint|smallint|tinyint|double|float|boolean|date|"
            + "timestamp_ntz|timestamp|binary|array|map|struct|decimal|varchar|char|interval|day|hour|minute|second|year|month|to)\\b");

    /**
     * The column of a Spark type as {@code DESCRIBE QUERY} writes it ({@code bigint}, {@code decimal(12,3)},
     * {@code map<string,int>}), or as Hive's result metadata names it ({@code map}, {@code decimal}) when the statement
     * is not a query, with the precision and scale Hive gives.
     */
    static WarehouseColumn of(String name, String sparkType, int hivePrecision, int hiveScale) {
        String type = sparkType.trim().toLowerCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = Integer.parseInt(decimal.group(2));
            return new WarehouseColumn(name, "DECIMAL(" + precision + "," + scale + ")", "DECIMAL", precision, scale);
        }
        if (type.equals("decimal")) {
            return new WarehouseColumn(name, "DECIMAL(" + hivePrecision + "," + hiveScale + ")", "DECIMAL", hivePrecision, hiveScale);
        }
        String typeName;
        String typeText = upperCaseTypeWords(type);
        if (type.equals("string") || type.startsWith("varchar") || type.startsWith("char")) {
            typeName = "STRING";
        } else if (type.equals("int") || type.equals("integer")) {
            typeName = "INT";
            typeText = "INT";
        } else if (type.equals("bigint")) {
            typeName = "LONG";
        } else if (type.equals("smallint")) {
            typeName = "SHORT";
        } else if (type.equals("tinyint")) {
            typeName = "BYTE";
        } else if (type.equals("double")) {
            typeName = "DOUBLE";
        } else if (type.equals("float") || type.equals("real")) {
            typeName = "FLOAT";
            typeText = "FLOAT";
        } else if (type.equals("boolean")) {
            typeName = "BOOLEAN";
        } else if (type.equals("date")) {
            typeName = "DATE";
        } else if (type.equals("timestamp")) {
            typeName = "TIMESTAMP";
        } else if (type.equals("timestamp_ntz")) {
            typeName = "TIMESTAMP_NTZ";
        } else if (type.startsWith("interval")) {
            typeName = "INTERVAL";
        } else if (type.startsWith("array")) {
            typeName = "ARRAY";
            typeText = type.equals("array") ? "ARRAY<STRING>" : typeText;
        } else if (type.startsWith("map")) {
            typeName = "MAP";
            typeText = type.equals("map") ? "MAP<STRING,STRING>" : typeText;
        } else if (type.startsWith("struct")) {
            typeName = "STRUCT";
        } else {
            throw new IllegalArgumentException("The stand-in warehouse does not serve columns of type " + sparkType + " (column " + name + ")");
        }
        return new WarehouseColumn(name, typeText, typeName, 0, 0);
    }

    boolean isDayTimeInterval() {
        return typeName.equals("INTERVAL") && !typeText.contains("YEAR") && !typeText.contains("MONTH");
    }

    private static String upperCaseTypeWords(String type) {
        return TYPE_WORDS.matcher(type).replaceAll(match -> match.group().toUpperCase(Locale.ROOT));
    }
}
