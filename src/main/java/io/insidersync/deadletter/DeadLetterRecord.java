package io.insidersync.deadletter;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of the dead-letter store: what was set aside, where and why, with what it takes to find the source row.
 *
 * @param key           the key columns of the source row (null for a whole request)
 * @param row           the source row as read (null for a whole request, or a user built from several rows)
 * @param sourceRows    the key and version of each source row, when a user was built from several
 * @param insiderErrors Insider's messages by field path, when Insider refused the user
 * @param user          the user object as it was (or would have been) sent
 * @param body          the exact request body, for a request that could not be delivered
 */
@JsonPropertyOrder({"time", "stage", "reason", "table", "commit_version", "key", "row"})
public record DeadLetterRecord(
        String time,
        Stage stage,
        String reason,
        String table,
        @JsonProperty("commit_version") Long commitVersion,
        Map<String, Object> key,
        Map<String, Object> row,
        @JsonProperty("source_rows") @JsonInclude(JsonInclude.Include.NON_NULL) List<Map<String, Object>> sourceRows,
        @JsonProperty("insider_errors") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<String>> insiderErrors,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode user,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer users,
        @JsonInclude(JsonInclude.Include.NON_NULL) String body) {
}
