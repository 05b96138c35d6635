package io.insidersync.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.insidersync.SyncApplication;

/**
 * The command line run in the test's JVM, as {@link SyncApplication#run} runs it: each run returns its exit code, and
 * what the last one printed on stdout and stderr (and, when asked for, what it logged) stays here to be read.
 */
public final class CommandLineRun {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    /** Runs the program with these arguments; returns its exit code. */
    public int run(String... args) {
        out.reset();
        err.reset();
        logs.reset();
        return SyncApplication.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    /** Runs it as {@link #run} does, keeping what it logs (the program's logger writes to System.err) for {@link #logs()}. */
    public int runKeepingLogs(String... args) {
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            return run(args);
        } finally {
            System.setErr(originalErr);
        }
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Both, stdout first. */
    public String output() {
        return out() + err();
    }

    /** What the last {@link #runKeepingLogs} logged. */
    public String logs() {
        return logs.toString(StandardCharsets.UTF_8);
    }
}
