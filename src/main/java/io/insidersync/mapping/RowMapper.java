package io.insidersync.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.insidersync.source.ChangeRow;

/**
 * Turns one change row into Insider identifiers, attributes and (for a row inserted within the window) an event,
 * by the mapping; a row that breaks a conversion or one of Insider's rules is rejected with every problem named.
 */
public final class RowMapper {

    private static final String CUSTOM = "custom.";

    private final MappingConfig mapping;
    private final ValueConverter converter;
    private final InsiderRules rules;
    /** Field path (such as {@code attributes.country}) → the column it comes from, to name both in a reason. */
    private final Map<String, String> columnOfField = new HashMap<>();

    public RowMapper(MappingConfig mapping, ValueConverter converter, InsiderRules rules) {
        this.mapping = mapping;
        this.converter = converter;
        this.rules = rules;
        mapping.identifiers().forEach(field -> columnOfField.put("identifiers." + field.field(), field.column()));
        mapping.attributes().forEach(field -> columnOfField.put("attributes." + field.field(), field.column()));
        mapping.eventParams().forEach(field -> columnOfField.put("event_params." + field.field(), field.column()));
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
                event.put("timestamp", converter.convert(timestamp, FieldType.DATETIME));
            } catch (ConversionException e) {
                problems.add("column " + mapping.eventTimestampColumn() + " (event timestamp): " + e.getMessage());
            }
        }
        Map<String, Object> params = fields(mapping.eventParams(), row, problems);
        rules.checkEvent(name.toString(), params).forEach(violation -> problems.add(describe(violation)));
        if (!params.isEmpty()) {
            event.put("event_params", params);
        }
        return event;
    }

    private Map<String, Object> fields(List<FieldMapping> fields, ChangeRow row, List<String> problems) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (FieldMapping field : fields) {
            Object value = present(row.values().get(field.column()));
            if (value == null) {
                continue;
            }
            try {
                Object converted = converter.convert(value, field.type());
                if (field.field().startsWith(CUSTOM)) {
                    customOf(result).put(field.field().substring(CUSTOM.length()), converted);
                } else {
                    result.put(field.field(), converted);
                }
            } catch (ConversionException e) {
                problems.add("column " + field.column() + " (" + field.setting().substring("mapping.".length()) + "): " + e.getMessage());
            }
        }
        return result;
    }

    private String describe(InsiderRules.Violation violation) {
        String column = columnOfField.get(violation.field());
        return violation.field() + (column == null ? " (not mapped) " : " (column " + column + ") ") + violation.rule();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> customOf(Map<String, Object> section) {
        return (Map<String, Object>) section.computeIfAbsent("custom", key -> new LinkedHashMap<String, Object>());
    }

    /** Null and blank text both mean "no value": the field is left out, Insider never receives null or "". */
    private static Object present(Object value) {
        return value instanceof String text && text.isBlank() ? null : value;
    }
}
