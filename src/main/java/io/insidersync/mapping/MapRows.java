package io.insidersync.mapping;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.insidersync.mapping.RowResult.MappedRow;
import io.insidersync.mapping.RowResult.RejectedRow;
import io.insidersync.run.SyncRun;
import io.insidersync.source.ChangeRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The mapping step of the route: wraps the streamed result rows into a stream of mapped or rejected rows, in which a
 * basket with a rejected line is set aside whole ({@link WholeBaskets}). Nothing is read here; each row is mapped when
 * the next step pulls it (a basket's lines are held until the basket ends), so memory stays flat.
 */
public final class MapRows implements Processor {

    /** How {@link WholeBaskets} reads the mapped rows: each is of one row; a basket set aside is one RejectedBasket. */
    static final WholeBaskets.Items<RowResult> ROWS = new WholeBaskets.Items<>() {
        @Override
        public ChangeRow row(RowResult item) {
            if (item instanceof MappedRow mapped) {
                return mapped.source();
            }
            return item instanceof RejectedRow rejected ? rejected.source() : null;
        }

        @Override
        public RejectedRow rejection(RowResult item) {
            return item instanceof RejectedRow rejected ? rejected : null;
        }

        @Override
        public RowResult setAside(List<RowResult> lines, List<RejectedRow> setAside) {
            return new RowResult.RejectedBasket(setAside);
        }
    };

    private final MappingConfig mapping;
    private final ValueConverter converter;
    private final InsiderRules rules;
    private final List<String> keyColumns;

    public MapRows(MappingConfig mapping, ValueConverter converter, InsiderRules rules, List<String> keyColumns) {
        this.mapping = mapping;
        this.converter = converter;
        this.rules = rules;
        this.keyColumns = List.copyOf(keyColumns);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Iterator<Map<String, Object>> rows = exchange.getMessage().getMandatoryBody(Iterator.class);
        SyncRun run = SyncRun.of(exchange);
        // The columns' types were read at the start of this run: they decide how values convert.
        RowMapper mapper = new RowMapper(mapping, run.schema(), converter, rules);
        Iterator<RowResult> mapped = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public RowResult next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                Map<String, Object> values = rows.next();
                run.rowRead();
                return mapper.map(ChangeRow.of(values, keyColumns));
            }
        };
        exchange.getMessage().setBody(new WholeBaskets<>(mapped, mapping, ROWS));
    }
}
