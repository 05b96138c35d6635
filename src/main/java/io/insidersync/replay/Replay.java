package io.insidersync.replay;

import java.nio.file.Path;
import java.util.Iterator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.insidersync.deadletter.DeadLetterStore;
import io.insidersync.deadletter.JsonLinesFiles;
import io.insidersync.insider.BatchUsers;
import io.insidersync.insider.UserBatch;
import io.insidersync.mapping.InsiderRules;
import io.insidersync.mapping.MappingConfig;
import io.insidersync.mapping.RowMapper;
import io.insidersync.mapping.ValueConverter;
import io.insidersync.run.SyncMetrics;
import io.insidersync.run.SyncRun;
import org.apache.camel.Exchange;

/**
 * The steps of the replay route (routes/replay.camel.yaml): set the file aside, read it into batches packed as a sync
 * packs them, and after each batch is sent move what was delivered to {@code <table>.replayed.jsonl} and record the
 * progress, so that an interrupted replay resends at most the batch in flight.
 */
public final class Replay {

    /** The exchange property holding the {@link ReplayBatch} being sent. */
    public static final String BATCH = "replayBatch";

    /** Reads numbers as the sync read them: decimals stay BigDecimal, trailing zeros included (10.50 stays 10.50). */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private final String table;
    private final ReplayFiles files;
    private final Path replayedFile;
    private final DeadLetterStore deadLetters;
    private final RecordUsers recordUsers;
    private final MappingConfig mapping;
    private final ValueConverter converter;
    private final InsiderRules rules;
    private final BatchUsers batchUsers;

    private final SyncMetrics metrics;

    public Replay(String table, Path file, DeadLetterStore deadLetters, MappingConfig mapping, ValueConverter converter, InsiderRules rules,
                  java.util.List<String> keyColumns, BatchUsers batchUsers, SyncMetrics metrics) {
        this.table = table;
        this.metrics = metrics;
        this.files = new ReplayFiles(file);
        // The table name passed SqlNames, so it is a safe file name as it is.
        this.replayedFile = deadLetters.file().resolveSibling(table + ".replayed.jsonl");
        this.deadLetters = deadLetters;
        this.recordUsers = new RecordUsers(json, keyColumns);
        this.mapping = mapping;
        this.converter = converter;
        this.rules = rules;
        this.batchUsers = batchUsers;
    }

    /** Opens the replay: the run the delivery route records on, and the file set aside before anything is sent. */
    public void start(Exchange exchange) {
        // One request at a time, so nothing after an unanswered request could show Insider is up: the first one is an
        // outage, and the replay stops there, its records kept to be replayed again.
        exchange.setProperty(SyncRun.PROPERTY, new SyncRun(table, 1, 1, metrics));
        exchange.setProperty(ReplayRun.PROPERTY, new ReplayRun(files));
        files.start();
    }

    /** The body becomes the batches of the current file, read as they are sent. */
    public void batches(Exchange exchange) {
        ReplayRun replay = ReplayRun.of(exchange);
        SyncRun run = SyncRun.of(exchange);
        ReplayLedger ledger = new ReplayLedger();
        ReplayReader reader = new ReplayReader(files.current(), files.linesSettled(), json, recordUsers,
                new RowMapper(mapping, run.schema(), converter, rules), run.schema(), ledger);
        replay.reading(reader, ledger);
        // Baskets whole, as in a sync: the records of a basket are sent together or set aside again together.
        ReplayBaskets records = new ReplayBaskets(reader, mapping, ledger);
        // The same packing as a sync: insider.batch-max-users, insider.batch-max-bytes, one entry per user a request (so
        // the lines of a basket, each record a user of one row, become one user's events in one request).
        // A replay is not a snapshot: skip_hook follows insider.skip-hook.
        Iterator<UserBatch> batches = batchUsers.batchesOf(records, false);
        exchange.getMessage().setBody(new Iterator<ReplayBatch>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public ReplayBatch next() {
                // Read now, when the batch is cut: what was handed on whole is in this batch or an earlier one.
                return new ReplayBatch(batches.next(), records.linesHandedOn(), ledger);
            }
        });
    }

    /** After a batch was delivered or dead-lettered: the records it completes are settled, on disk. */
    public void settle(Exchange exchange) {
        ReplayBatch batch = exchange.getProperty(BATCH, ReplayBatch.class);
        settleThrough(ReplayRun.of(exchange), batch.settledThrough());
        files.recordProgress(batch.settledThrough());
    }

    /** Every batch of the file is settled: so is every record, and the file goes. */
    public void finishFile(Exchange exchange) {
        ReplayRun replay = ReplayRun.of(exchange);
        replay.reader().close();
        settleThrough(replay, Long.MAX_VALUE);
        files.finishCurrent();
    }

    private void settleThrough(ReplayRun replay, long line) {
        ReplayLedger.Settled settled = replay.ledger().settleThrough(line);
        if (settled.replayed().length > 0) {
            JsonLinesFiles.append(replayedFile, settled.replayed());
        }
        if (settled.kept().length > 0) {
            deadLetters.appendLines(settled.kept());
        }
        replay.settled(settled);
    }

    /** The one line a replay ends with. */
    public String summary(Exchange exchange) {
        ReplayRun replay = ReplayRun.of(exchange);
        SyncRun run = SyncRun.of(exchange);
        return String.format("replay %s: records %d, users delivered %d, dead-lettered again %d, requests %d%s", table, replay.records(),
                run.usersDelivered(), run.deadLetteredCount(), run.requests(),
                replay.kept() > 0 ? ", kept as they were " + replay.kept() + " (no user or row to send)" : "");
    }
}
