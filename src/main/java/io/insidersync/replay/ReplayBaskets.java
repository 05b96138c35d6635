package io.insidersync.replay;

import java.util.Iterator;
import java.util.List;

import io.insidersync.insider.Grouped;
import io.insidersync.insider.InsiderUser;
import io.insidersync.mapping.MappingConfig;
import io.insidersync.mapping.RowResult.RejectedRow;
import io.insidersync.mapping.WholeBaskets;
import io.insidersync.source.ChangeRow;

/**
 * What the records being replayed become, as the batching step takes them, with each basket whole as in a sync: the
 * records of one basket (written one after another) are sent together, or, if one of its lines is rejected again, all
 * set aside again ({@link WholeBaskets}). A line withheld again counts as failed again, so its record is not moved to
 * the replayed file: the new record takes its place.
 */
final class ReplayBaskets implements Iterator<Grouped> {

    /** An item of the reader, with the last line whose record the reader had handed on whole when it gave this item. */
    private record Read(Grouped item, long linesBefore) {
    }

    private final ReplayReader reader;
    private final ReplayLedger ledger;
    private final Iterator<Read> baskets;
    private long linesBeforeLast;
    private boolean finished;

    ReplayBaskets(ReplayReader reader, MappingConfig mapping, ReplayLedger ledger) {
        this.reader = reader;
        this.ledger = ledger;
        Iterator<Read> read = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return reader.hasNext();
            }

            @Override
            public Read next() {
                Grouped item = reader.next();
                return new Read(item, reader.linesHandedOn());
            }
        };
        this.baskets = WholeBaskets.over(read, mapping, new Items());
    }

    /**
     * Read when a batch is cut: the last line whose record is wholly in the batches cut so far. The batching step cuts
     * a batch when an item does not fit, so only the item handed on last may be in the batch being filled: the records
     * before its record are in cut batches (items are handed on in the order of their records), and once every item is
     * handed on, all are. The reader's own count would not do: it runs ahead of what is handed on while a basket is held.
     */
    long linesHandedOn() {
        return finished ? reader.linesHandedOn() : linesBeforeLast;
    }

    @Override
    public boolean hasNext() {
        boolean more = baskets.hasNext();
        finished = !more;
        return more;
    }

    @Override
    public Grouped next() {
        Read read = baskets.next();
        linesBeforeLast = read.linesBefore();
        return read.item();
    }

    /** A mapping record's item is of one row: its rejection, or a user mapped from that row. */
    private final class Items implements WholeBaskets.Items<Read> {

        @Override
        public ChangeRow row(Read read) {
            Grouped item = read.item();
            if (item.rejected() != null) {
                return item.rejected().source();
            }
            InsiderUser user = item.user();
            return user != null && user.sources().size() == 1 ? user.sources().get(0) : null;
        }

        @Override
        public RejectedRow rejection(Read read) {
            return read.item().rejected();
        }

        @Override
        public Read setAside(List<Read> lines, List<RejectedRow> setAside) {
            for (Read line : lines) {
                if (line.item().user() != null) {
                    ledger.entriesOf(line.item().user().sources()).forEach(entry -> entry.failedAgain(1));
                }
            }
            return new Read(Grouped.basketSetAside(setAside), lines.get(0).linesBefore());
        }
    }
}
