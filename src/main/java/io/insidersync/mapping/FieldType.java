package io.insidersync.mapping;

/** The JSON type Insider expects for a field, which decides how a Databricks value converts. */
public enum FieldType {
    STRING, INTEGER, NUMBER, BOOLEAN, DATETIME, STRING_ARRAY, NUMBER_ARRAY,
    /** Custom fields: the column's own type decides. */
    AS_SOURCE
}
