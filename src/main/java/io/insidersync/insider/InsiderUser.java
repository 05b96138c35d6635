package io.insidersync.insider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.source.ChangeRow;

/** One user object of a request, gathered from consecutive rows that share the same identifiers. */
public final class InsiderUser {

    private final Map<String, Object> identifiers;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final List<ChangeRow> sources = new ArrayList<>();
    private long attributesVersion = Long.MIN_VALUE;

    public InsiderUser(Map<String, Object> identifiers) {
        this.identifiers = identifiers;
    }

    public boolean sameUserAs(MappedRow row) {
        return identifiers.equals(row.identifiers());
    }

    /** Adds a row: its event is appended in source order; its attributes win over those of older versions. */
    public void add(MappedRow row) {
        sources.add(row.source());
        if (row.event() != null) {
            events.add(row.event());
        }
        boolean newer = row.source().commitVersion() >= attributesVersion;
        merge(attributes, row.attributes(), newer);
        if (newer) {
            attributesVersion = row.source().commitVersion();
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> values, boolean overwrite) {
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object existing = target.get(entry.getKey());
            if (existing instanceof Map && entry.getValue() instanceof Map) {
                Map<String, Object> nested = new LinkedHashMap<>((Map<String, Object>) existing);
                merge(nested, (Map<String, Object>) entry.getValue(), overwrite);
                target.put(entry.getKey(), nested);
            } else if (overwrite || existing == null) {
                target.put(entry.getKey(), entry.getValue());
            }
        }
    }

    /** A user with neither attributes nor events has nothing to tell Insider. */
    public boolean hasContent() {
        return !attributes.isEmpty() || !events.isEmpty();
    }

    public Map<String, Object> identifiers() {
        return identifiers;
    }

    public Map<String, Object> attributes() {
        return attributes;
    }

    public List<Map<String, Object>> events() {
        return events;
    }

    /** The change rows this user was built from, for dead-letter records. */
    public List<ChangeRow> sources() {
        return sources;
    }
}
