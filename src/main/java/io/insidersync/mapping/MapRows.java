package io.insidersync.mapping;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.insidersync.run.SyncRun;
import io.insidersync.source.ChangeRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The mapping step of the route: wraps the streamed result rows into a stream of mapped or rejected rows.
 * Nothing is read here; each row is mapped when the next step pulls it, so memory stays flat.
 */
public final class MapRows implements Processor {

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
        exchange.getMessage().setBody(new Iterator<RowResult>() {
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
        });
    }
}
