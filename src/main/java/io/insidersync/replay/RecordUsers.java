package io.insidersync.replay;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insidersync.insider.Grouped;
import io.insidersync.insider.InsiderUser;
import io.insidersync.mapping.RowMapper;
import io.insidersync.mapping.RowResult;
import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.source.ChangeColumns;
import io.insidersync.source.ChangeRow;
import io.insidersync.source.ColumnType;
import io.insidersync.source.TableSchema;

/**
 * What a dead-letter record becomes when it is replayed:
 * <ul>
 *   <li>a record with {@code user} (refused by Insider, or set aside as too large): that user, as it was;</li>
 *   <li>a record with {@code body} (a request that could not be delivered): each user of the body, as it was;</li>
 *   <li>a {@code mapping} record with {@code row}: the row mapped again with the current mapping, as a sync maps it,
 *   so a corrected setting (or Insider rule) decides; rejected again, it becomes a new record with the new reason.</li>
 * </ul>
 * A record with none of them cannot be sent: it is kept.
 */
final class RecordUsers {

    /** Numbers as the sync read them: decimals stay BigDecimal. */
    private final ObjectMapper json;
    private final List<String> keyColumns;

    RecordUsers(ObjectMapper json, List<String> keyColumns) {
        this.json = json;
        this.keyColumns = List.copyOf(keyColumns);
    }

    /** The users and rejections of one record, or null when the record holds nothing that can be sent. */
    List<Grouped> of(ObjectNode record, RowMapper mapper, TableSchema schema) {
        if (record.hasNonNull("user")) {
            return List.of(Grouped.user(userAsItWas(record.get("user"), sources(record))));
        }
        if (record.hasNonNull("body")) {
            JsonNode body = readTree(record.get("body").asText());
            if (body == null) {
                return null;
            }
            List<ChangeRow> sources = sources(record);
            List<Grouped> users = new ArrayList<>();
            body.path("users").forEach(user -> users.add(Grouped.user(userAsItWas(user, sources))));
            return users;
        }
        if ("mapping".equals(record.path("stage").asText()) && record.path("row").isObject()) {
            return mappedAgain(record, mapper, schema);
        }
        return null;
    }

    private List<Grouped> mappedAgain(ObjectNode record, RowMapper mapper, TableSchema schema) {
        Map<String, Object> values = new LinkedHashMap<>();
        record.get("row").fields().forEachRemaining(field -> values.put(field.getKey(), valueOf(field.getKey(), field.getValue(), schema)));
        // The record does not say whether the row was inserted within its window: it is taken as inserted, so a mapped
        // event is sent (a dead-lettered row was never delivered, so its event was never counted).
        values.put(ChangeColumns.INSERTED_IN_WINDOW, 1);
        RowResult result = mapper.map(ChangeRow.of(values, keyColumns));
        if (result instanceof RowResult.RejectedRow rejected) {
            return List.of(Grouped.rejected(rejected));
        }
        MappedRow mapped = (MappedRow) result;
        InsiderUser user = new InsiderUser(mapped.identifiers());
        user.add(mapped);
        return user.hasContent() ? List.of(Grouped.user(user)) : List.of();
    }

    /**
     * A value of the row as the sync's driver returned it: the record holds date-times as ISO text, which a
     * timestamp column turns back into the {@link Timestamp} the conversion expects, so it converts exactly as in a sync.
     */
    private Object valueOf(String column, JsonNode node, TableSchema schema) {
        Object value = json.convertValue(node, Object.class);
        ColumnType.Kind kind = schema.type(column).map(ColumnType::kind).orElse(null);
        if (value instanceof String text && (kind == ColumnType.Kind.TIMESTAMP || kind == ColumnType.Kind.TIMESTAMP_NTZ)) {
            try {
                return Timestamp.valueOf(LocalDateTime.parse(text));
            } catch (DateTimeParseException notIsoText) {
                return text;
            }
        }
        return value;
    }

    /**
     * A user exactly as it was sent: its identifiers, attributes and events, serialized again by the batching step
     * as in a sync. InsiderUser is built from rows; a user known only as JSON is given its parts directly.
     */
    @SuppressWarnings("unchecked")
    private InsiderUser userAsItWas(JsonNode node, List<ChangeRow> sources) {
        Map<String, Object> identifiers = json.convertValue(node.path("identifiers"), Map.class);
        Map<String, Object> attributes = node.has("attributes") ? json.convertValue(node.get("attributes"), Map.class) : Map.of();
        InsiderUser user = new InsiderUser(identifiers);
        user.add(new MappedRow(sources.get(0), identifiers, attributes, null));
        node.path("events").forEach(event -> user.events().add(new InsiderUser.UserEvent(json.convertValue(event, Map.class), sources.get(0))));
        user.sources().addAll(sources.subList(1, sources.size()));
        return user;
    }

    /** The source rows the record names (its key and row, or the key and version of each row), to name them again if it fails again. */
    @SuppressWarnings("unchecked")
    private List<ChangeRow> sources(ObjectNode record) {
        List<ChangeRow> sources = new ArrayList<>();
        for (JsonNode source : record.path("source_rows")) {
            Map<String, Object> key = json.convertValue(source.path("key"), Map.class);
            sources.add(new ChangeRow(source.path("commit_version").asLong(-1), key, key, false, 0));
        }
        if (sources.isEmpty()) {
            // A fresh map even when the record has no key: the replay ledger tells rows apart by their key's identity.
            Map<String, Object> key = record.path("key").isObject() ? json.convertValue(record.get("key"), Map.class) : new LinkedHashMap<>();
            Map<String, Object> row = record.path("row").isObject() ? json.convertValue(record.get("row"), Map.class) : key;
            sources.add(new ChangeRow(record.path("commit_version").asLong(-1), key, row, false, 0));
        }
        return sources;
    }

    /** The body as JSON, or null when it is not JSON (the record is then kept as it is). */
    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
