package io.insidersync.insider;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Serializes a user piece by piece (identifiers and attributes, then each event), so that the exact size of the whole
 * user, or of the user with only some of its events, is known before anything is assembled.
 */
final class UserJson {

    private static final byte[] EVENTS_OPEN = ",\"events\":[".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;
    private final boolean notAppend;

    UserJson(ObjectMapper json, boolean notAppend) {
        this.json = json;
        this.notAppend = notAppend;
    }

    /** The serialized pieces of one user. */
    final class Pieces {
        private final InsiderUser user;
        private final byte[] headWithAttributes;
        /** Only a user cut into parts needs it: serialized when first asked for. */
        private byte[] headWithoutAttributes;
        private final List<byte[]> events = new ArrayList<>();
        private final long eventBytes;

        private Pieces(InsiderUser user) {
            this.user = user;
            this.headWithAttributes = serializeHead(user, true);
            long bytes = 0;
            for (InsiderUser.UserEvent event : user.events()) {
                byte[] written = write(event.event());
                events.add(written);
                bytes += written.length;
            }
            this.eventBytes = bytes;
        }

        private byte[] head(boolean withAttributes) {
            if (withAttributes || user.attributes().isEmpty()) {
                return headWithAttributes;
            }
            if (headWithoutAttributes == null) {
                headWithoutAttributes = serializeHead(user, false);
            }
            return headWithoutAttributes;
        }

        InsiderUser user() {
            return user;
        }

        /** The size of the user's JSON with the events at these positions, in this order. */
        long size(boolean withAttributes, List<Integer> positions) {
            return size(withAttributes, positions.size(), positions.stream().mapToLong(this::eventSize).sum());
        }

        /** The size of the user's JSON with {@code eventCount} events of {@code eventBytes} bytes in all. */
        long size(boolean withAttributes, int eventCount, long eventBytes) {
            long size = head(withAttributes).length + 1;
            return eventCount == 0 ? size : size + EVENTS_OPEN.length + eventBytes + (eventCount - 1) + 1;
        }

        int eventSize(int position) {
            return events.get(position).length;
        }

        /** The size of the whole user's JSON. */
        long size() {
            return size(true, events.size(), eventBytes);
        }

        byte[] assemble(boolean withAttributes, List<Integer> positions) {
            // Written straight into an array of the exact size: every user of a window is assembled once.
            byte[] out = new byte[(int) size(withAttributes, positions)];
            int at = copy(head(withAttributes), out, 0);
            if (!positions.isEmpty()) {
                at = copy(EVENTS_OPEN, out, at);
                for (int i = 0; i < positions.size(); i++) {
                    if (i > 0) {
                        out[at++] = ',';
                    }
                    at = copy(events.get(positions.get(i)), out, at);
                }
                out[at++] = ']';
            }
            out[at] = '}';
            return out;
        }

        private static int copy(byte[] from, byte[] to, int at) {
            System.arraycopy(from, 0, to, at, from.length);
            return at + from.length;
        }

        /** The whole user's JSON. */
        byte[] assemble() {
            return assemble(true, IntStream.range(0, events.size()).boxed().toList());
        }
    }

    Pieces pieces(InsiderUser user) {
        return new Pieces(user);
    }

    /** The user's JSON up to (not including) its events and closing brace. */
    private byte[] serializeHead(InsiderUser user, boolean withAttributes) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("identifiers", user.identifiers());
        if (withAttributes && !user.attributes().isEmpty()) {
            object.put("attributes", user.attributes());
        }
        if (notAppend) {
            object.put("not_append", true);
        }
        byte[] whole = write(object);
        // Drop the closing brace: events, if any, follow.
        byte[] head = new byte[whole.length - 1];
        System.arraycopy(whole, 0, head, 0, head.length);
        return head;
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize a user: " + e.getOriginalMessage(), e);
        }
    }
}
