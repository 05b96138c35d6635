package io.insidersync.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.insidersync.SyncApplication;

/**
 * The sync's child JVM: runs {@code SyncApplication.run("--once", "--config", FILE)} exactly as the command line does (the
 * real routes of ./routes, the real processors), then reports its own JVM's figures. Wall time covers the whole call:
 * Camel's start, the run, and its stop.
 */
public final class SyncRunner {

    private static final Pattern SUMMARY = Pattern.compile(
            "rows read (\\d+), users (\\d+), events (\\d+), requests (\\d+), dead-lettered (\\d+), duration ([0-9.]+) s");

    private SyncRunner() {
    }

    public static void main(String[] args) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.out, captured), true, StandardCharsets.UTF_8);
        JvmFigures jvm = JvmFigures.start();
        int exit = SyncApplication.run(out, System.err, "--once", "--config", args[0]);
        Map<String, Object> figures = jvm.figures();
        out.flush();
        String printed = captured.toString(StandardCharsets.UTF_8);
        figures.put("exit", exit);
        Matcher summary = SUMMARY.matcher(printed);
        if (summary.find()) {
            figures.put("rows_read", Long.parseLong(summary.group(1)));
            figures.put("users", Long.parseLong(summary.group(2)));
            figures.put("events", Long.parseLong(summary.group(3)));
            figures.put("requests", Long.parseLong(summary.group(4)));
            figures.put("dead_lettered", Long.parseLong(summary.group(5)));
            figures.put("run_seconds", Double.parseDouble(summary.group(6)));
        }
        JvmFigures.report(figures);
        System.exit(exit);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
