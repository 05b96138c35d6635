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
 * {@code mapping.event.timestamp}, {@code mapping.event.params.<default>}, {@code mapping.event.params.custom.<name>},
 * {@code mapping.event.params-column}.
 *
 * @param eventParamsColumn the column whose MAP, STRUCT or JSON object spreads into event parameters, or null
 */
public record MappingConfig(
        List<FieldMapping> identifiers,
        List<FieldMapping> attributes,
        String eventNameColumn,
        String eventTimestampColumn,
        List<FieldMapping> eventParams,
        String eventParamsColumn,
        ZoneId timezone) {

    /**
     * Names Insider takes for custom fields: letters, digits and '_', not starting with '_'. A '.' would break the
     * {@code users.0.attributes.custom.<name>} paths Insider reports errors with.
     */
    public static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_]{0,127}");
    private static final String PREFIX = "mapping.";
    private static final String EVENT_TIMESTAMP = "mapping.event.timestamp";

    public static MappingConfig from(Settings settings) {
        Map<String, String> mapping = settings.withPrefix(PREFIX);
        List<FieldMapping> identifiers = new ArrayList<>();
        List<FieldMapping> attributes = new ArrayList<>();
        List<FieldMapping> eventParams = new ArrayList<>();
        String eventName = null;
        String eventTimestamp = ChangeColumns.COMMIT_TIMESTAMP;
        String eventParamsColumn = null;
        ZoneId timezone = ZoneId.of("UTC");
        // Insider's own fields first, custom ones after: the order fields appear in a request.
        List<Map.Entry<String, String>> entries = new ArrayList<>(mapping.entrySet());
        entries.sort(java.util.Comparator.comparing(entry -> entry.getKey().contains(".custom.")));
        for (Map.Entry<String, String> entry : entries) {
            String setting = entry.getKey();
            String rest = setting.substring(PREFIX.length());
            String value = entry.getValue();
            if (rest.startsWith("identifiers.")) {
                identifiers.add(field(setting, rest.substring("identifiers.".length()), value, InsiderFields.IDENTIFIERS, FieldType.IDENTIFIER));
            } else if (rest.startsWith("attributes.")) {
                attributes.add(field(setting, rest.substring("attributes.".length()), value, InsiderFields.ATTRIBUTES, FieldType.AS_SOURCE));
            } else if (rest.startsWith("event.params.")) {
                eventParams.add(field(setting, rest.substring("event.params.".length()), value, InsiderFields.EVENT_PARAMS, FieldType.AS_SOURCE));
            } else if (rest.equals("event.params-column")) {
                eventParamsColumn = SqlNames.column(setting, value);
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
                        + "mapping.attributes.*, mapping.event.name, mapping.event.timestamp, mapping.event.params.*, "
                        + "mapping.event.params-column or mapping.timezone");
            }
        }
        if (identifiers.isEmpty()) {
            throw new ConfigurationException("No identifier is mapped: set at least one of mapping.identifiers.email, "
                    + "mapping.identifiers.phone_number, mapping.identifiers.uuid or mapping.identifiers.custom.<name> to a column");
        }
        if (eventName == null && (!eventParams.isEmpty() || eventParamsColumn != null)) {
            throw new ConfigurationException("Event parameters are mapped but the event name is not: set mapping.event.name to the column "
                    + "that holds the event name");
        }
        return new MappingConfig(List.copyOf(identifiers), List.copyOf(attributes), eventName, eventTimestamp, List.copyOf(eventParams),
                eventParamsColumn, timezone);
    }

    private static FieldMapping field(String setting, String name, String column, Map<String, FieldType> defaults, FieldType customType) {
        String checkedColumn = SqlNames.column(setting, column);
        if (name.startsWith("custom.")) {
            String custom = name.substring("custom.".length());
            if (!CUSTOM_NAME.matcher(custom).matches()) {
                throw new ConfigurationException("Setting " + setting + ": '" + custom + "' is not a name Insider takes for a custom field "
                        + "(letters, digits and '_', starting with a letter or digit, at most 128 characters)");
            }
            return new FieldMapping("custom." + custom, checkedColumn, customType, setting);
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

    /**
     * The fields whose lines must agree within one basket: the identifiers (a basket belongs to one user) and the
     * currency. Empty when baskets are not mapped.
     */
    public List<FieldMapping> basketFields() {
        if (eventGroupColumn() == null) {
            return List.of();
        }
        List<FieldMapping> fields = new ArrayList<>(identifiers);
        eventParams.stream().filter(f -> f.field().equals("currency")).forEach(fields::add);
        return List.copyOf(fields);
    }

    /** Every column the mapping reads, with the type it must convert to: what the start-up check holds the table to. */
    public List<FieldMapping> columnUses() {
        List<FieldMapping> uses = new ArrayList<>(identifiers);
        uses.addAll(attributes);
        if (eventNameColumn != null) {
            uses.add(new FieldMapping("event_name", eventNameColumn, FieldType.STRING, "mapping.event.name"));
            uses.add(new FieldMapping("timestamp", eventTimestampColumn, FieldType.DATETIME, EVENT_TIMESTAMP));
            uses.addAll(eventParams);
            if (eventParamsColumn != null) {
                uses.add(new FieldMapping("event_params", eventParamsColumn, FieldType.OBJECT, "mapping.event.params-column"));
            }
        }
        return List.copyOf(uses);
    }
}
