package io.insidersync.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.insidersync.source.ChangeRow;
import io.insidersync.source.ColumnType;
import io.insidersync.source.TableSchema;

/**
 * Turns one change row into Insider identifiers, attributes and (for a row inserted within the window) an event,
 * by the mapping; a row that breaks a conversion or one of Insider's rules is rejected with every problem named.
 */
public final class RowMapper {

    private static final String CUSTOM = "custom";
    private static final String CUSTOM_PREFIX = CUSTOM + ".";
    private static final String EVENT_PARAMS_PREFIX = "event_params.";

    private final MappingConfig mapping;
    /** The type of each column the mapping reads, looked up once rather than for every row. */
    private final Map<String, ColumnType> columnTypes = new HashMap<>();
    private final ValueConverter converter;
    private final InsiderRules rules;
    private final EventParamsColumn paramsColumn;
    /** Field path (such as {@code attributes.country}) → the column it comes from, to name both in a reason. */
    private final Map<String, String> columnOfField = new HashMap<>();

    public RowMapper(MappingConfig mapping, TableSchema schema, ValueConverter converter, InsiderRules rules) {
        this.mapping = mapping;
        mapping.columnUses().forEach(use -> schema.type(use.column()).ifPresent(type -> columnTypes.put(use.column(), type)));
        this.converter = converter;
        this.rules = rules;
        this.paramsColumn = mapping.eventParamsColumn() == null ? null : new EventParamsColumn(mapping.eventParamsColumn(), converter);
        mapping.identifiers().forEach(field -> columnOfField.put("identifiers." + field.field(), field.column()));
        mapping.attributes().forEach(field -> columnOfField.put("attributes." + field.field(), field.column()));
        mapping.eventParams().forEach(field -> columnOfField.put(EVENT_PARAMS_PREFIX + field.field(), field.column()));
        if (mapping.eventNameColumn() != null) {
            columnOfField.put("event_name", mapping.eventNameColumn());
        }
    }

    public RowResult map(ChangeRow row) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> identifiers = fields(mapping.identifiers(), row, problems);
        if (identifiers.isEmpty() && problems.isEmpty()) {
            problems.add("no identifier: " + mapping.identifiers().stream().map(FieldMapping::column).collect(Collectors.joining(", "))
                    + (mapping.identifiers().size() == 1 ? " is" : " are all") + " empty");
        }
        Map<String, Object> attributes = fields(mapping.attributes(), row, problems);
        rules.checkUser(identifiers, attributes).forEach(violation -> problems.add(describe(violation)));
        Map<String, Object> event = event(row, problems);
        if (!problems.isEmpty()) {
            return new RowResult.RejectedRow(row, String.join("; ", problems));
        }
        return new RowResult.MappedRow(row, identifiers, attributes, event);
    }

    /** An event only for a row whose key was inserted within the window: an update of an older row is not a new event. */
    private Map<String, Object> event(ChangeRow row, List<String> problems) {
        if (mapping.eventNameColumn() == null || !row.insertedInWindow()) {
            return null;
        }
        Object name = present(row.values().get(mapping.eventNameColumn()));
        if (name == null) {
            return null;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_name", name.toString());
        Object timestamp = present(row.values().get(mapping.eventTimestampColumn()));
        if (timestamp == null) {
            problems.add("column " + mapping.eventTimestampColumn() + " (event timestamp) is empty");
        } else {
            try {
                event.put("timestamp", converter.convert(timestamp, columnType(mapping.eventTimestampColumn()), FieldType.DATETIME));
            } catch (ConversionException e) {
                problems.add("column " + mapping.eventTimestampColumn() + " (event timestamp): " + e.getMessage());
            }
        }
        Map<String, Object> fromParamsColumn = paramsColumn == null ? null
                : paramsColumn.read(present(row.values().get(paramsColumn.column())), columnType(paramsColumn.column()), problems);
        Set<String> unconvertible = new HashSet<>();
        Map<String, Object> params = fields(mapping.eventParams(), row, problems, unconvertible);
        if (fromParamsColumn != null) {
            // A parameter mapped to a column of its own wins over the same name in the parameters column.
            merge(fromParamsColumn, params);
            params = fromParamsColumn;
        }
        for (InsiderRules.Violation violation : rules.checkEvent(name.toString(), params)) {
            // A value that did not convert is named already: it is not also reported as empty.
            boolean named = violation.field().startsWith(EVENT_PARAMS_PREFIX)
                    && unconvertible.contains(violation.field().substring(EVENT_PARAMS_PREFIX.length()));
            if (!named) {
                problems.add(describe(violation));
            }
        }
        if (row.basketConflicts() != 0) {
            problems.add(basketConflict(row));
        }
        if (!params.isEmpty()) {
            event.put("event_params", params);
        }
        return event;
    }

    private Map<String, Object> fields(List<FieldMapping> fields, ChangeRow row, List<String> problems) {
        return fields(fields, row, problems, null);
    }

    /** @param unconvertible collects the fields whose value did not convert, when not null */
    private Map<String, Object> fields(List<FieldMapping> fields, ChangeRow row, List<String> problems, Set<String> unconvertible) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (FieldMapping field : fields) {
            Object value = present(row.values().get(field.column()));
            if (value == null) {
                continue;
            }
            try {
                Object converted = converter.convert(value, columnType(field.column()), field.type());
                if (field.field().startsWith(CUSTOM_PREFIX)) {
                    customOf(result).put(field.field().substring(CUSTOM_PREFIX.length()), converted);
                } else {
                    result.put(field.field(), converted);
                }
            } catch (ConversionException e) {
                if (unconvertible != null) {
                    unconvertible.add(field.field());
                }
                problems.add("column " + field.column() + " (" + field.setting().substring("mapping.".length()) + "): " + e.getMessage());
            }
        }
        return result;
    }

    private String basketConflict(ChangeRow row) {
        List<FieldMapping> fields = mapping.basketFields();
        List<String> disagreeing = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if ((row.basketConflicts() & (1 << i)) != 0) {
                String section = fields.get(i).setting().startsWith("mapping.identifiers.") ? "identifiers." : EVENT_PARAMS_PREFIX;
                disagreeing.add(section + fields.get(i).field() + " (column " + fields.get(i).column() + ")");
            }
        }
        return "basket " + row.values().get(mapping.eventGroupColumn()) + " (column " + mapping.eventGroupColumn() + "): its lines disagree on "
                + String.join(", ", disagreeing) + "; every line of a basket must belong to one user and share one currency, "
                + "so the whole basket is set aside";
    }

    private ColumnType columnType(String column) {
        return columnTypes.get(column);
    }

    private String describe(InsiderRules.Violation violation) {
        String column = columnOfField.get(violation.field());
        if (column == null && violation.field().startsWith(EVENT_PARAMS_PREFIX) && mapping.eventParamsColumn() != null) {
            column = mapping.eventParamsColumn();
        }
        return violation.field() + (column == null ? " (not mapped) " : " (column " + column + ") ") + violation.rule();
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> winning) {
        winning.forEach((name, value) -> {
            if (name.equals(CUSTOM) && target.get(CUSTOM) instanceof Map<?, ?> existing) {
                Map<String, Object> custom = new LinkedHashMap<>((Map<String, Object>) existing);
                custom.putAll((Map<String, Object>) value);
                target.put(CUSTOM, custom);
            } else {
                target.put(name, value);
            }
        });
    }

    /** The {@code custom} object of a section (identifiers, attributes or parameters), made when first needed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> customOf(Map<String, Object> section) {
        return (Map<String, Object>) section.computeIfAbsent(CUSTOM, key -> new LinkedHashMap<String, Object>());
    }

    /** Null and blank text both mean "no value": the field is left out, Insider never receives null or "". */
    static Object present(Object value) {
        return value instanceof String text && text.isBlank() ? null : value;
    }
}
