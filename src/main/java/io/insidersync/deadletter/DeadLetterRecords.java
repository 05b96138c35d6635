package io.insidersync.deadletter;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.mapping.RowResult.RejectedRow;
import io.insidersync.source.ChangeColumns;
import io.insidersync.source.ChangeRow;
import io.insidersync.source.LargeObjects;

/** Builds dead-letter records for one table, each carrying what it takes to find and fix the source row. */
public final class DeadLetterRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String table;

    public DeadLetterRecords(String table) {
        this.table = table;
    }

    /** A row the mapping rejected. */
    public DeadLetterRecord rejectedRow(RejectedRow rejected) {
        ChangeRow source = rejected.source();
        return new DeadLetterRecord(now(), Stage.MAPPING, rejected.reason(), table, source.commitVersion(), jsonSafe(source.key()),
                rowOf(source), null, null, null, null, null);
    }

    /**
     * A user set aside as a whole (refused by Insider, or too large to send). A user built from one row carries that row;
     * one built from several lists each row's key and version.
     */
    public DeadLetterRecord rejectedUser(Stage stage, String reason, List<ChangeRow> sources, byte[] userJson,
                                         Map<String, List<String>> insiderErrors) {
        ChangeRow first = sources.get(0);
        long latestVersion = sources.stream().mapToLong(ChangeRow::commitVersion).max().orElse(first.commitVersion());
        return new DeadLetterRecord(now(), stage, reason, table, latestVersion, jsonSafe(first.key()),
                sources.size() == 1 ? rowOf(first) : null, sources.size() > 1 ? sourceRows(sources) : null, insiderErrors,
                parse(userJson), null, null);
    }

    /**
     * A whole request that could not be delivered, with its exact body so it can be sent again as it was, and the key
     * and version of every row its users were built from.
     */
    public DeadLetterRecord failedRequest(String reason, Long commitVersion, int users, List<ChangeRow> sources, byte[] body) {
        return new DeadLetterRecord(now(), Stage.DELIVERY_FAILED, reason, table, commitVersion, null, null, sourceRows(sources), null, null,
                users, new String(body, StandardCharsets.UTF_8));
    }

    /** Each row once, though several users of a request may name it (users of a replayed request all name its rows). */
    private static List<Map<String, Object>> sourceRows(List<ChangeRow> sources) {
        List<Map<String, Object>> sourceRows = new ArrayList<>();
        for (ChangeRow source : sources.stream().distinct().toList()) {
            Map<String, Object> reference = new LinkedHashMap<>();
            reference.put("commit_version", source.commitVersion());
            reference.put("key", jsonSafe(source.key()));
            sourceRows.add(reference);
        }
        return sourceRows;
    }

    private static String now() {
        return Instant.now().toString();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a user serialized by this program is not JSON", e);
        }
    }

    /** The row as read, without the helper columns the window query adds. */
    private static Map<String, Object> rowOf(ChangeRow source) {
        Map<String, Object> row = new LinkedHashMap<>();
        source.values().forEach((column, value) -> {
            if (!column.equals(ChangeColumns.NET_RANK) && !column.equals(ChangeColumns.INSERTED_IN_WINDOW)
                    && !column.equals(ChangeColumns.DELETED_IN_COMMIT)) {
                row.put(column, value);
            }
        });
        return jsonSafe(row);
    }

    /** Column values as JSON can hold them: date-times as ISO text, arrays as lists, large text as its text, binary as base64. */
    static Map<String, Object> jsonSafe(Map<String, Object> values) {
        Map<String, Object> result = new LinkedHashMap<>();
        values.forEach((column, value) -> result.put(column, jsonSafeValue(value)));
        return result;
    }

    private static Object jsonSafeValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof BigDecimal
                || value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof java.math.BigInteger) {
            return value;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (LargeObjects.isText(value)) {
            try {
                return LargeObjects.text(value);
            } catch (SQLException e) {
                return "(a large object the database could not read: " + e.getMessage() + ")";
            }
        }
        if (value instanceof Blob blob) {
            try {
                return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) Math.min(blob.length(), Integer.MAX_VALUE)));
            } catch (SQLException e) {
                return "(a BLOB the database could not read: " + e.getMessage() + ")";
            }
        }
        if (value instanceof Array array) {
            try {
                return jsonSafeValue(array.getArray());
            } catch (SQLException e) {
                return String.valueOf(value);
            }
        }
        if (value instanceof Object[] array) {
            return jsonSafeValue(Arrays.asList(array));
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(DeadLetterRecords::jsonSafeValue).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(String.valueOf(k), jsonSafeValue(v)));
            return converted;
        }
        return value.toString();
    }
}
