package io.insidersync.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The end of the dead-letter channel: appends records as JSON Lines to {@code <deadletter.dir>/<table>.jsonl} and
 * forces them to disk before the run goes on, so the checkpoint never moves past a record that is not stored.
 * Records are only ever appended, never rewritten; the records of one call are appended together, whole or not at all
 * ({@link JsonLinesFiles#append}), so a full disk fails the run without leaving part of a record behind.
 */
public final class DeadLetterStore implements Processor {

    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    public DeadLetterStore(Path directory, String table) {
        // The table name passed SqlNames (letters, digits, _ - and dots), so it is a safe file name as it is.
        this.file = directory.resolve(table + ".jsonl");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        List<DeadLetterRecord> records = exchange.getMessage().getMandatoryBody(List.class);
        append(records);
        SyncRun run = SyncRun.of(exchange);
        records.stream().collect(Collectors.groupingBy(record -> record.stage().label(), Collectors.counting()))
                .forEach((stage, count) -> run.deadLettered(stage, count.intValue()));
        DeadLetterObserver observer = exchange.getProperty(DeadLetterObserver.PROPERTY, DeadLetterObserver.class);
        if (observer != null) {
            observer.deadLettered(records);
        }
    }

    public synchronized void append(List<DeadLetterRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try {
            for (DeadLetterRecord record : records) {
                json.writeValue(lines, record);
                lines.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialize dead-letter records: " + e.getMessage(), e);
        }
        appendLines(lines.toByteArray());
    }

    /** Appends lines that are already dead-letter records (a record the replay could not send is kept as it was). */
    public synchronized void appendLines(byte[] lines) {
        JsonLinesFiles.append(file, lines);
    }

    /** The file records are appended to. */
    public Path file() {
        return file;
    }
}
