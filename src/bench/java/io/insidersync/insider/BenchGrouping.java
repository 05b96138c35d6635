package io.insidersync.insider;

import java.util.Iterator;

import io.insidersync.mapping.RowResult;

/**
 * Benchmark only (src/bench, never in the shipped jar): the project's own grouping step without an exchange, so that the
 * baseline groups rows into users exactly as the sync does. It sits in the same package to reach {@link UserGrouping#group}.
 */
public final class BenchGrouping {

    private BenchGrouping() {
    }

    public static Iterator<Grouped> group(Iterator<RowResult> rows) {
        return UserGrouping.group(rows);
    }
}
