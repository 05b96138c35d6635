package io.insidersync.replay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insidersync.source.ChangeRow;

/**
 * What became of each record of the file being replayed, from when it is read until it is settled: how many users it
 * was sent as, and how many of them failed again. Records are settled in line order once every batch that could hold
 * one of their users is settled.
 */
final class ReplayLedger {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** One record read from the file. {@code record} is null for a record with nothing to send: it is kept as it was. */
    static final class Entry {
        private final long line;
        private final String text;
        private final ObjectNode record;
        private int users;
        private int failedAgain;

        private Entry(long line, String text, ObjectNode record) {
            this.line = line;
            this.text = text;
            this.record = record;
        }

        void failedAgain(int count) {
            failedAgain += count;
        }
    }

    /** What settling produced: lines for the replayed file, lines kept in the dead-letter file, and how many of each. */
    record Settled(byte[] replayed, byte[] kept, int records, int keptRecords) {
    }

    private final Deque<Entry> pending = new ArrayDeque<>();
    /**
     * The record each source row sent was built from: a refused user is traced back to its record through it. Keyed by
     * the identity of the row's key, which a batch keeps when it drops the row's values ({@link ChangeRow#reference()}).
     */
    private final Map<Map<String, Object>, Entry> bySource = new IdentityHashMap<>();

    private static String write(ObjectNode record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a record read as JSON could not be written back", e);
        }
    }

    synchronized Entry read(long line, String text, ObjectNode record) {
        Entry entry = new Entry(line, text, record);
        pending.add(entry);
        return entry;
    }

    /** The record's users, about to be sent; each is traced through its source rows. */
    synchronized void sending(Entry entry, int users, List<ChangeRow> sources) {
        entry.users += users;
        sources.forEach(source -> bySource.put(source.key(), entry));
    }

    synchronized Set<Entry> entriesOf(List<ChangeRow> sources) {
        Set<Entry> entries = new LinkedHashSet<>();
        sources.forEach(source -> {
            Entry entry = bySource.get(source.key());
            if (entry != null) {
                entries.add(entry);
            }
        });
        return entries;
    }

    /**
     * Settles the records up to this line: delivered (wholly or in part) → the replayed file, with how many users
     * failed again; wholly failed again → nothing here, as the new records in the dead-letter file take their place.
     */
    synchronized Settled settleThrough(long line) {
        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        String now = Instant.now().toString();
        int records = 0;
        int keptRecords = 0;
        while (!pending.isEmpty() && pending.peek().line <= line) {
            Entry entry = pending.poll();
            records++;
            bySource.values().removeIf(e -> e == entry);
            if (entry.record == null) {
                kept.writeBytes((entry.text + "\n").getBytes(StandardCharsets.UTF_8));
                keptRecords++;
            } else if (entry.failedAgain == 0 || entry.failedAgain < entry.users) {
                ObjectNode record = entry.record.deepCopy();
                record.put("replayed_at", now);
                if (entry.failedAgain > 0) {
                    record.put("users_failed_again", entry.failedAgain);
                }
                replayed.writeBytes((write(record) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Settled(replayed.toByteArray(), kept.toByteArray(), records, keptRecords);
    }
}
