package io.insidersync.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.insidersync.source.ColumnType;

/**
 * The column that holds an event's parameters ({@code mapping.event.params-column}): a MAP, a STRUCT or JSON object
 * text whose entries become parameters. Insider's default names go at the root, converted to their type; any other
 * name, and the entries of a nested {@code custom} object, go under {@code custom}.
 */
final class EventParamsColumn {

    private static final String CUSTOM = "custom";
    private static final String SETTING = "event.params-column";

    private final String column;
    private final ValueConverter converter;

    EventParamsColumn(String column, ValueConverter converter) {
        this.column = column;
        this.converter = converter;
    }

    String column() {
        return column;
    }

    /** The parameters of one row's value (null when the column is empty); each problem is added, naming the key. */
    Map<String, Object> read(Object value, ColumnType type, List<String> problems) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (value == null) {
            return params;
        }
        Map<?, ?> entries;
        try {
            entries = (Map<?, ?>) converter.convert(value, type, FieldType.OBJECT);
        } catch (ConversionException e) {
            problems.add("column " + column + " (" + SETTING + "): " + e.getMessage());
            return params;
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.equals(CUSTOM) && entry.getValue() instanceof Map<?, ?> custom) {
                custom.forEach((customName, customValue) -> put(params, String.valueOf(customName), true, customValue, problems));
            } else {
                put(params, name, !InsiderFields.EVENT_PARAMS.containsKey(name), entry.getValue(), problems);
            }
        }
        return params;
    }

    private void put(Map<String, Object> params, String name, boolean custom, Object value, List<String> problems) {
        Object present = RowMapper.present(value);
        if (present == null) {
            return;
        }
        if (custom && !MappingConfig.CUSTOM_NAME.matcher(name).matches()) {
            problems.add("column " + column + " (" + SETTING + "), key '" + name + "': not a name Insider takes for a custom parameter "
                    + "(letters, digits and '_')");
            return;
        }
        try {
            Object converted = converter.convert(present, null, custom ? FieldType.AS_SOURCE : InsiderFields.EVENT_PARAMS.get(name));
            (custom ? RowMapper.customOf(params) : params).put(name, converted);
        } catch (ConversionException e) {
            problems.add("column " + column + " (" + SETTING + "), key " + name + ": " + e.getMessage());
        }
    }
}
