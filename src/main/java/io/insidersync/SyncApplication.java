package io.insidersync;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.insidersync.config.ConfigurationException;
import io.insidersync.run.RunFailures;
import io.insidersync.source.Resync;
import io.insidersync.verify.Verification;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * Starts the sync with camel-main: settings from ./application.properties (then --config, then environment
 * variables), routes from ./routes/*.camel.yaml, processors from {@link SyncBeans}. With no source configured at all
 * it runs the embedded demo instead (see {@link io.insidersync.demo.DemoSettings}).
 *
 * <p>{@code camel run} (Camel JBang) starts the same routes and {@link SyncBeans} without this class: what it adds here
 * is only the command line (--once, --verify, --replay, --resync, --config) and the places the settings are read from.
 */
public final class SyncApplication {

    static final String APPLICATION_PROPERTIES = "application.properties";

    private SyncApplication() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs as the command line says and returns the exit code: 0 success, 1 the sync (or replay) failed or a --verify check
     * failed, 2 bad usage or settings.
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine;
        Main main;
        try {
            commandLine = CommandLine.parse(args);
            if (commandLine.help()) {
                out.println(CommandLine.USAGE);
                return 0;
            }
            main = createMain(commandLine);
        } catch (ConfigurationException e) {
            err.println("Configuration error: " + e.getMessage());
            err.println(CommandLine.USAGE);
            return 2;
        }
        try {
            if (commandLine.resync() && !commandLine.once()) {
                return resyncOnly(main, out);
            }
            if (commandLine.once()) {
                return runOnce(main, "direct:sync-run", "Sync failed: ", out, err, commandLine.resync());
            }
            if (commandLine.replay()) {
                return runOnce(main, "direct:replay", "Replay failed: ", out, err, false);
            }
            if (commandLine.verify()) {
                return verify(main, out);
            }
            main.run();
            return 0;
        } catch (Exception e) {
            // A setting that does not fit the table is the integrator's to fix (2); a source that cannot be reached is not.
            if (RunFailures.isConfigurationError(e)) {
                err.println("Configuration error: " + RunFailures.describe(e));
                return 2;
            }
            err.println("Could not start: " + RunFailures.describe(e));
            return 1;
        }
    }

    static Main createMain(CommandLine commandLine) {
        Main main = new Main(SyncApplication.class);
        // Camel looks a setting up in the first location that has it: the most specific file comes first.
        List<String> locations = new ArrayList<>();
        commandLine.config().ifPresent(config -> locations.add("file:" + config));
        locations.add("file:" + APPLICATION_PROPERTIES + ";optional=true");
        main.setPropertyPlaceholderLocations(String.join(",", locations));
        // Set here rather than in application.properties, so that `camel run routes/*.yaml` keeps its own file list.
        main.configure().withRoutesIncludePattern("file:routes/*.camel.yaml");
        if (commandLine.once() || commandLine.replay() || commandLine.resync() || commandLine.verify()) {
            main.addOverrideProperty("sync.scheduled", "false");
            // Health and metrics serve a program that keeps running; a one-shot command opens no port.
            main.addOverrideProperty("camel.management.enabled", "false");
        }
        if (commandLine.replay()) {
            // Read by SyncBeans: a replay sends to Insider, and reads this file instead of the table's dead-letter file.
            main.addOverrideProperty("replay.enabled", "true");
            commandLine.replayFile().ifPresent(file -> main.addOverrideProperty("replay.file", file.toString()));
        }
        if (commandLine.verify()) {
            // Read by SyncBeans: the checks run and print their lines instead of stopping start-up.
            main.addOverrideProperty("verify.enabled", "true");
        }
        return main;
    }

    /** Starts with the settings read (a wrong one is a configuration error), runs every check, prints a line for each, and stops. */
    private static int verify(Main main, PrintStream out) throws Exception {
        main.start();
        try {
            Verification verification = main.getCamelContext().getRegistry().lookupByNameAndType("verification", Verification.class);
            return Verification.report(verification.run(), out);
        } finally {
            main.stop();
        }
    }

    /**
     * Starts the routes, runs one route to its end (a sync run, or a replay), prints its summary line, and stops.
     *
     * @param resyncFirst whether to request a resync before the run ({@code --resync --once})
     */
    private static int runOnce(Main main, String route, String failurePrefix, PrintStream out, PrintStream err, boolean resyncFirst)
            throws Exception {
        main.start();
        try {
            if (resyncFirst) {
                out.println(resync(main));
            }
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            Exchange result = template.request(route, exchange -> { });
            if (result.getException() != null) {
                err.println(failurePrefix + RunFailures.describe(result.getException()));
                return 1;
            }
            out.println(result.getMessage().getBody(String.class));
            return 0;
        } finally {
            main.stop();
        }
    }

    /** {@code --resync} alone: records that the next run starts from a snapshot, says so, and stops. */
    private static int resyncOnly(Main main, PrintStream out) throws Exception {
        main.start();
        try {
            out.println(resync(main));
            return 0;
        } finally {
            main.stop();
        }
    }

    private static String resync(Main main) {
        return main.getCamelContext().getRegistry().lookupByNameAndType("resync", Resync.class).request();
    }
}
