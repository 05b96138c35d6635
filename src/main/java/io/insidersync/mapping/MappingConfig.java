package io.insidersync.mapping;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Settings;
import io.insidersync.source.ChangeColumns;
import io.insidersync.source.SqlNames;

/**
 * Which column fills which Insider field, read from the {@code mapping.*} settings:
 * {@code mapping.identifiers.<email|phone_number|uuid>}, {@code mapping.identifiers.custom.<name>},
 * {@code mapping.attributes.<default>}, {@code mapping.attributes.custom.<name>}, {@code mapping.event.name},
 * {@code mapping.event.timestamp}, {@code mapping.event.params.<default>}, {@code mapping.event.params.custom.<name>}.
 */
public record MappingConfig(
        List<FieldMapping> identifiers,
        List<FieldMapping> attributes,
        String eventNameColumn,
        String eventTimestampColumn,
        List<FieldMapping> eventParams,
        ZoneId timezone) {

    private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final String PREFIX = "mapping.";

    public static MappingConfig from(Settings settings) {
        Map<String, String> mapping = settings.withPrefix(PREFIX);
        List<FieldMapping> identifiers = new ArrayList<>();
        List<FieldMapping> attributes = new ArrayList<>();
        List<FieldMapping> eventParams = new ArrayList<>();
        String eventName = null;
        String eventTimestamp = ChangeColumns.COMMIT_TIMESTAMP;
        ZoneId timezone = ZoneId.of("UTC");
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            String setting = entry.getKey();
            String rest = setting.substring(PREFIX.length());
            String value = entry.getValue();
            if (rest.startsWith("identifiers.")) {
                identifiers.add(field(setting, rest.substring("identifiers.".length()), value, InsiderFields.IDENTIFIERS));
            } else if (rest.startsWith("attributes.")) {
                attributes.add(field(setting, rest.substring("attributes.".length()), value, InsiderFields.ATTRIBUTES));
            } else if (rest.startsWith("event.params.")) {
                eventParams.add(field(setting, rest.substring("event.params.".length()), value, InsiderFields.EVENT_PARAMS));
            } else if (rest.equals("event.name")) {
                eventName = SqlNames.column(setting, value);
            } else if (rest.equals("event.timestamp")) {
                eventTimestamp = SqlNames.column(setting, value);
            } else if (rest.equals("timezone")) {
                try {
                    timezone = ZoneId.of(value);
                } catch (DateTimeException e) {
                    throw new ConfigurationException("Setting mapping.timezone: '" + value + "' is not a time zone such as UTC or Europe/Istanbul");
                }
            } else {
                throw new ConfigurationException("Setting " + setting + " is not a mapping this sync knows: use mapping.identifiers.*, "
                        + "mapping.attributes.*, mapping.event.name, mapping.event.timestamp, mapping.event.params.* or mapping.timezone");
            }
        }
        if (identifiers.isEmpty()) {
            throw new ConfigurationException("No identifier is mapped: set at least one of mapping.identifiers.email, "
                    + "mapping.identifiers.phone_number, mapping.identifiers.uuid or mapping.identifiers.custom.<name> to a column");
        }
        return new MappingConfig(List.copyOf(identifiers), List.copyOf(attributes), eventName, eventTimestamp, List.copyOf(eventParams), timezone);
    }

    private static FieldMapping field(String setting, String name, String column, Map<String, FieldType> defaults) {
        String checkedColumn = SqlNames.column(setting, column);
        if (name.startsWith("custom.")) {
            String custom = name.substring("custom.".length());
            if (!CUSTOM_NAME.matcher(custom).matches()) {
                throw new ConfigurationException("Setting " + setting + ": '" + custom + "' is not a custom field name (letters, digits, '_')");
            }
            return new FieldMapping("custom." + custom, checkedColumn, FieldType.AS_SOURCE, setting);
        }
        FieldType type = defaults.get(name);
        if (type == null) {
            throw new ConfigurationException("Setting " + setting + ": '" + name + "' is not one of Insider's default fields here ("
                    + String.join(", ", new TreeSet<>(defaults.keySet())) + "); a field of your own goes under custom., for example "
                    + setting.substring(0, setting.length() - name.length()) + "custom." + name);
        }
        return new FieldMapping(name, checkedColumn, type, setting);
    }

    /** The event_group_id (e_guid) column, or null when baskets are not mapped. */
    public String eventGroupColumn() {
        return eventParams.stream().filter(f -> f.field().equals("event_group_id")).map(FieldMapping::column).findFirst().orElse(null);
    }

    /** The columns rows are ordered by so that a user's rows, and a basket's lines within them, arrive together. */
    public List<String> userColumns() {
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        identifiers.forEach(field -> columns.add(field.column()));
        String group = eventGroupColumn();
        if (group != null) {
            columns.add(group);
        }
        return List.copyOf(columns);
    }

    /** Every column the mapping reads. */
    public List<String> columns() {
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        identifiers.forEach(field -> columns.add(field.column()));
        attributes.forEach(field -> columns.add(field.column()));
        eventParams.forEach(field -> columns.add(field.column()));
        if (eventNameColumn != null) {
            columns.add(eventNameColumn);
            columns.add(eventTimestampColumn);
        }
        return List.copyOf(columns);
    }
}
