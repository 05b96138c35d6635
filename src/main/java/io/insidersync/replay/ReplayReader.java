package io.insidersync.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insidersync.insider.Grouped;
import io.insidersync.mapping.RowMapper;
import io.insidersync.source.TableSchema;

/**
 * Reads the file being replayed one record at a time, after the lines an earlier replay settled, and hands on what
 * each record becomes (users to send, rows rejected again), as the batching step pulls them. It knows which line it
 * has reached: every record before that line has been handed on whole.
 */
final class ReplayReader implements Iterator<Grouped>, AutoCloseable {

    private final BufferedReader lines;
    private final ObjectMapper json;
    private final RecordUsers recordUsers;
    private final RowMapper mapper;
    private final TableSchema schema;
    private final ReplayLedger ledger;
    private final Deque<Grouped> ready = new ArrayDeque<>();
    private long line;
    private boolean exhausted;

    ReplayReader(Path file, long linesSettled, ObjectMapper json, RecordUsers recordUsers, RowMapper mapper, TableSchema schema,
                 ReplayLedger ledger) {
        try {
            this.lines = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            for (; line < linesSettled && lines.readLine() != null; line++) {
                // settled by the replay that was interrupted: not sent again
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        this.json = json;
        this.recordUsers = recordUsers;
        this.mapper = mapper;
        this.schema = schema;
        this.ledger = ledger;
    }

    /** The last line whose record was handed on whole: all of it, once the file is read to its end. */
    long linesHandedOn() {
        return exhausted ? line : line - 1;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !exhausted) {
            readRecord();
        }
        return !ready.isEmpty();
    }

    @Override
    public Grouped next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void readRecord() {
        String text;
        try {
            text = lines.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the file being replayed: " + e.getMessage(), e);
        }
        if (text == null) {
            exhausted = true;
            return;
        }
        line++;
        if (text.isBlank()) {
            return;
        }
        ObjectNode record = parse(text);
        List<Grouped> items = record == null ? null : recordUsers.of(record, mapper, schema);
        ReplayLedger.Entry entry = ledger.read(line, text, items == null ? null : record);
        if (items == null) {
            return;
        }
        for (Grouped item : items) {
            if (item.rejected() != null) {
                entry.failedAgain(1);
                ledger.sending(entry, 1, List.of(item.rejected().source()));
            } else {
                ledger.sending(entry, 1, item.user().sources());
            }
            ready.add(item);
        }
    }

    private ObjectNode parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException ignored) {
            // read only
        }
    }
}
