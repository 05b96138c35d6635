package io.insidersync.mapping;

/**
 * One Insider field filled from one column.
 *
 * @param setting the setting that declared it, for messages
 */
public record FieldMapping(String field, String column, FieldType type, String setting) {
}
