package io.insidersync.bench;

import java.util.Map;
import java.util.Properties;

/**
 * The source's child JVM: the window statement and every row taken from the driver as the sync takes it
 * ({@link WindowRows}), and nothing else. No mapping, no JSON, no HTTP: its rows/s is the most any pipeline on this
 * source and machine can reach, the ceiling the sync's figure is read against.
 */
public final class SourceOnly {

    private SourceOnly() {
    }

    public static void main(String[] args) throws Exception {
        JvmFigures jvm = JvmFigures.start();
        Properties settings = Baseline.settings(args[0]);
        long values = 0;
        try (WindowRows rows = new WindowRows(settings, Baseline.mapping(settings))) {
            while (rows.hasNext()) {
                values += rows.next().size();
            }
            Map<String, Object> figures = jvm.figures();
            rows.addFigures(figures);
            figures.put("exit", 0);
            figures.put("values", values);
            figures.put("users", 0);
            figures.put("events", 0);
            figures.put("requests", 0);
            figures.put("dead_lettered", 0);
            figures.put("run_seconds", figures.get("seconds"));
            JvmFigures.report(figures);
        }
    }
}
