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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insidersync.insider.Grouped;
import io.insidersync.mapping.RowMapper;
import io.insidersync.source.CorruptStateException;
import io.insidersync.source.TableSchema;

/**
 * Reads the file being replayed one record at a time, after the lines an earlier replay settled, and hands on what
 * each record becomes (users to send, rows rejected again), as the batching step pulls them. It knows which line it
 * has reached: every record before that line has been handed on whole. A line that is not a record (not one JSON
 * object) stops the replay with the file and the line's number: it is neither sent nor kept as if it were a record.
 */
final class ReplayReader implements Iterator<Grouped>, AutoCloseable {

    private final Path file;
    private final BufferedReader lines;
    /** One JSON object a line, and nothing after it: two records run into one line are not one record. */
    private final ObjectReader json;
    private final RecordUsers recordUsers;
    private final RowMapper mapper;
    private final TableSchema schema;
    private final ReplayLedger ledger;
    private final Deque<Grouped> ready = new ArrayDeque<>();
    private long line;
    private boolean exhausted;

    ReplayReader(Path file, long linesSettled, ObjectMapper json, RecordUsers recordUsers, RowMapper mapper, TableSchema schema,
                 ReplayLedger ledger) {
        this.file = file;
        try {
            this.lines = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            for (; line < linesSettled && lines.readLine() != null; line++) {
                // settled by the replay that was interrupted: not sent again
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
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
        List<Grouped> items = recordUsers.of(record, mapper, schema);
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
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw unreadable("it is JSON, but not an object");
        } catch (JsonProcessingException notJson) {
            // Where it breaks, not Jackson's message: that quotes the line, and the line holds customers' data.
            throw unreadable("it is not valid JSON at column " + notJson.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private CorruptStateException unreadable(String why) {
        return new CorruptStateException(file + " line " + line + " is not a dead-letter record (" + why + "). The replay stopped "
                + "there; what it had not sent stays in the file. Correct or delete that line, then run --replay again.", null);
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
