package io.insidersync.replay;

import java.nio.file.Path;

import org.apache.camel.Exchange;

/** One replay, from start to summary: which file it is at and how many records it settled. Lives on the exchange. */
public final class ReplayRun {

    /** The exchange property that carries the replay through its route. */
    public static final String PROPERTY = "replayRun";

    private final ReplayFiles files;
    private ReplayLedger ledger;
    private ReplayReader reader;
    private long records;
    private long kept;

    ReplayRun(ReplayFiles files) {
        this.files = files;
    }

    static ReplayRun of(Exchange exchange) {
        ReplayRun replay = exchange.getProperty(PROPERTY, ReplayRun.class);
        if (replay == null) {
            throw new IllegalStateException("no replay on this exchange: the route must start one first");
        }
        return replay;
    }

    /** The file to replay now, or null when every file is done. */
    public Path getFile() {
        return files.current();
    }

    void reading(ReplayReader reader, ReplayLedger ledger) {
        this.reader = reader;
        this.ledger = ledger;
    }

    ReplayReader reader() {
        return reader;
    }

    ReplayLedger ledger() {
        return ledger;
    }

    void settled(ReplayLedger.Settled settled) {
        records += settled.records();
        kept += settled.keptRecords();
    }

    long records() {
        return records;
    }

    long kept() {
        return kept;
    }
}
