package io.insidersync.mapping;

import io.insidersync.run.SyncRun;
import io.insidersync.source.SchemaReader;
import io.insidersync.source.TableSchema;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The first step of a run (and of start-up): reads the table's columns and holds the mapping to them, so that a
 * column dropped or retyped since the last run fails the run before anything is read. The run keeps the columns'
 * types for converting values.
 */
public final class CheckMapping implements Processor {

    private final SchemaReader schemaReader;
    private final MappingCheck check;

    public CheckMapping(SchemaReader schemaReader, MappingCheck check) {
        this.schemaReader = schemaReader;
        this.check = check;
    }

    /** The table's columns, once the mapping is known to fit them; a configuration error otherwise. */
    public TableSchema check() {
        TableSchema schema = schemaReader.read();
        check.verify(schema);
        return schema;
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun.of(exchange).setSchema(check());
    }
}
