package io.insidersync.bench;

import java.util.Locale;

/**
 * Where the benchmark's change rows are read from ({@code --source}). DuckDB, the default, evaluates the window
 * statement's window functions in native memory and on every core, as a SQL warehouse would, in about 2 s at 1M rows;
 * H2, in a process of its own or inside the measured JVM, needs about 46 s for the same statement.
 */
enum BenchSource {
    DUCKDB("duckdb", "DuckDB file inside the measured JVM (native memory, not heap)"),
    H2_SERVER("server", "H2 server in a process of its own"),
    H2_EMBEDDED("embedded", "H2 file inside the measured JVM (heap)");

    private final String option;
    private final String description;

    BenchSource(String option, String description) {
        this.option = option;
        this.description = description;
    }

    static BenchSource parse(String option) {
        for (BenchSource source : values()) {
            if (source.option.equals(option.toLowerCase(Locale.ROOT))) {
                return source;
            }
        }
        throw new IllegalArgumentException("--source is duckdb, server or embedded, not " + option);
    }

    String option() {
        return option;
    }

    String description() {
        return description;
    }
}
