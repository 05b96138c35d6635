package io.insidersync.mapping;

import java.util.List;
import java.util.Map;

import io.insidersync.run.SyncRun;
import io.insidersync.source.ChangeRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The mapping step, once for each row of the split: the row (column name to value) becomes its part of a user (its
 * identifiers, attributes and event), or a rejection with its reason. A processor, not a bean method, because it runs
 * for every row and Camel calls a processor without binding its parameters.
 */
public final class MapRow implements Processor {

    private final MappingConfig mapping;
    private final ValueConverter converter;
    private final InsiderRules rules;
    private final List<String> keyColumns;
    /** The mapper of the run in progress: the columns' types, read at the start of each run, decide how values convert. */
    private volatile RunMapper current;

    public MapRow(MappingConfig mapping, ValueConverter converter, InsiderRules rules, List<String> keyColumns) {
        this.mapping = mapping;
        this.converter = converter;
        this.rules = rules;
        this.keyColumns = List.copyOf(keyColumns);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Map<String, Object> values = exchange.getMessage().getMandatoryBody(Map.class);
        exchange.getMessage().setBody(mapperOf(SyncRun.of(exchange)).map(ChangeRow.of(values, keyColumns)));
    }

    private RowMapper mapperOf(SyncRun run) {
        RunMapper mapper = current;
        if (mapper == null || mapper.run() != run) {
            mapper = new RunMapper(run, new RowMapper(mapping, run.schema(), converter, rules));
            current = mapper;
        }
        return mapper.mapper();
    }

    private record RunMapper(SyncRun run, RowMapper mapper) {
    }
}
