package io.insidersync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * How the benchmark's helper processes end: on a line {@code stop} on standard input, when that input closes (the
 * benchmark is gone), or after a time limit, so that none outlives the benchmark.
 */
final class UntilStopped {

    private UntilStopped() {
    }

    /** Waits for one of the three, runs {@code stop} (which ends the process), and does not return. */
    static void await(String name, long maxSeconds, Runnable stop) throws IOException {
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000);
                System.err.println(name + ": " + maxSeconds + " s are up, stopping");
                stop.run();
            } catch (InterruptedException e) {
                // stopped before the deadline
            }
        });
        deadline.setDaemon(true);
        deadline.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
            // wait for stop
        }
        stop.run();
    }
}
