package io.insidersync.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The end of the dead-letter channel: appends records as JSON Lines to {@code <deadletter.dir>/<table>.jsonl} and
 * forces them to disk before the run goes on, so the checkpoint never moves past a record that is not stored.
 * Records are only ever appended, never rewritten.
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
        SyncRun.of(exchange).deadLettered(records.size());
    }

    public synchronized void append(List<DeadLetterRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (DeadLetterRecord record : records) {
                json.writeValue(lines, record);
                lines.write('\n');
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(lines.toByteArray());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write dead-letter records to " + file + ": " + e.getMessage(), e);
        }
    }
}
