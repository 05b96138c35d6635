package io.insidersync.insider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.source.ChangeRow;

/**
 * One user object of a request, gathered from the rows that share the same identifiers. Each event remembers the row
 * it came from, so a part of the user (or one event) can be set aside with its own source.
 */
public final class InsiderUser {

    /** An event and the change row it was mapped from. */
    public record UserEvent(Map<String, Object> event, ChangeRow source) {

        /** The basket the event belongs to, or null for an event outside any basket. */
        public Object basket() {
            return event.get("event_params") instanceof Map<?, ?> params ? params.get("event_group_id") : null;
        }
    }

    private final Map<String, Object> identifiers;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<UserEvent> events = new ArrayList<>();
    private final List<ChangeRow> sources = new ArrayList<>();
    private long attributesVersion = Long.MIN_VALUE;

    public InsiderUser(Map<String, Object> identifiers) {
        this.identifiers = identifiers;
    }

    /** A part of a user: the same identifiers with some of its events, and its attributes or none. */
    InsiderUser part(boolean withAttributes, List<UserEvent> partEvents) {
        InsiderUser part = new InsiderUser(identifiers);
        if (withAttributes) {
            part.attributes.putAll(attributes);
            part.attributesVersion = attributesVersion;
            part.sources.addAll(sources);
        } else {
            partEvents.forEach(e -> part.sources.add(e.source()));
        }
        part.events.addAll(partEvents);
        return part;
    }

    public boolean sameUserAs(MappedRow row) {
        return identifiers.equals(row.identifiers());
    }

    public boolean sameUserAs(InsiderUser other) {
        return identifiers.equals(other.identifiers);
    }

    /** Adds a row: its event is appended in source order; its attributes win over those of older versions. */
    public void add(MappedRow row) {
        sources.add(row.source());
        if (row.event() != null) {
            events.add(new UserEvent(row.event(), row.source()));
        }
        mergeAttributes(row.attributes(), row.source().commitVersion());
    }

    /**
     * Adds a later user with the same identifiers (one whose rows did not arrive next to this user's): its events come
     * after these, and its attributes win where they are of a newer or the same version.
     */
    public void add(InsiderUser later) {
        sources.addAll(later.sources);
        events.addAll(later.events);
        mergeAttributes(later.attributes, later.attributesVersion);
    }

    private void mergeAttributes(Map<String, Object> values, long version) {
        boolean newer = version >= attributesVersion;
        merge(attributes, values, newer);
        if (newer) {
            attributesVersion = version;
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

    public List<UserEvent> events() {
        return events;
    }

    /** The change rows this user was built from, for dead-letter records. */
    public List<ChangeRow> sources() {
        return sources;
    }
}
