package io.insidersync.mapping;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import io.insidersync.config.ConfigurationException;
import io.insidersync.run.SyncRun;
import io.insidersync.source.ChangeRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The mapping step of the route: wraps the streamed result rows into a stream of mapped or rejected rows.
 * Nothing is read here; each row is mapped when the next step pulls it, so memory stays flat.
 */
public final class MapRows implements Processor {

    private final RowMapper mapper;
    private final MappingConfig mapping;
    private final List<String> keyColumns;

    public MapRows(RowMapper mapper, MappingConfig mapping, List<String> keyColumns) {
        this.mapper = mapper;
        this.mapping = mapping;
        this.keyColumns = List.copyOf(keyColumns);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Iterator<Map<String, Object>> rows = exchange.getMessage().getMandatoryBody(Iterator.class);
        SyncRun run = SyncRun.of(exchange);
        exchange.getMessage().setBody(new Iterator<RowResult>() {
            private boolean columnsChecked;

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
                if (!columnsChecked) {
                    checkColumns(values, run.table());
                    columnsChecked = true;
                }
                run.rowRead();
                return mapper.map(ChangeRow.of(values, keyColumns));
            }
        });
    }

    /** A mapped column the table does not have is a configuration error, not a silently empty field. */
    private void checkColumns(Map<String, Object> row, String table) {
        List<String> missing = mapping.columns().stream().filter(column -> !row.containsKey(column)).toList();
        List<String> missingKeys = keyColumns.stream().filter(column -> !row.containsKey(column)).toList();
        if (!missing.isEmpty() || !missingKeys.isEmpty()) {
            throw new ConfigurationException("Table " + table + " has no column "
                    + String.join(", ", missing.isEmpty() ? missingKeys : missing) + " (named in " + (missing.isEmpty() ? "sync.key-columns" : "the mapping")
                    + "); its columns are " + row.keySet().stream().collect(Collectors.joining(", ")));
        }
    }
}
