package io.insidersync;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Syncs;
import io.insidersync.run.RunFailures;
import io.insidersync.source.Resync;
import io.insidersync.source.StateLockedException;
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
     * failed, 2 bad usage or settings, 3 another process holds a sync's state.
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
        StopOnSignal stopOnSignal = new StopOnSignal(main);
        stopOnSignal.install();
        try {
            if (commandLine.resync() && !commandLine.once()) {
                return resyncOnly(main, commandLine, out);
            }
            if (commandLine.once()) {
                return runOnce(main, commandLine, "run", "Sync", out, err);
            }
            if (commandLine.replay()) {
                return runOnce(main, commandLine, "replay", "Replay", out, err);
            }
            if (commandLine.verify()) {
                return verify(main, commandLine, out);
            }
            main.run();
            return 0;
        } catch (Exception e) {
            // A start that failed half-way may already hold some syncs' state: let it go.
            closeQuietly(main);
            if (StateLockedException.in(e).isPresent()) {
                err.println(StateLockedException.in(e).get().getMessage());
                return 3;
            }
            // A setting that does not fit the table is the integrator's to fix (2); a source that cannot be reached is not.
            if (RunFailures.isConfigurationError(e)) {
                err.println("Configuration error: " + RunFailures.describe(e));
                return 2;
            }
            err.println("Could not start: " + RunFailures.describe(e));
            return 1;
        } finally {
            stopOnSignal.finished();
        }
    }

    private static void closeQuietly(Main main) {
        try {
            if (main.getCamelContext() != null) {
                main.getCamelContext().close();
            }
        } catch (Exception ignored) {
            // the failure being reported matters more
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
            commandLine.sync().ifPresent(sync -> main.addOverrideProperty("replay.sync", sync));
        }
        // Read by SyncTableBeans: a command for one sync locks only that sync's state.
        commandLine.sync().ifPresent(sync -> main.addOverrideProperty("command.sync", sync));
        if (commandLine.verify()) {
            // Read by SyncBeans: the checks run and print their lines instead of stopping start-up.
            main.addOverrideProperty("verify.enabled", "true");
        }
        return main;
    }

    /**
     * Starts with the settings read (a wrong one is a configuration error), runs every check of each sync, prints a line for
     * each (under a heading per sync when there are several), and stops.
     */
    private static int verify(Main main, CommandLine commandLine, PrintStream out) throws Exception {
        main.start();
        try {
            List<String> syncs = chosenSyncs(main, commandLine, false);
            int exitCode = 0;
            for (String sync : syncs) {
                if (syncs.size() > 1) {
                    out.println("sync " + sync + ":");
                }
                Verification verification = bean(main, sync, "verification", Verification.class);
                exitCode = Math.max(exitCode, Verification.report(verification.run(), out));
            }
            return exitCode;
        } finally {
            main.stop();
        }
    }

    /**
     * Starts the routes, runs one route of each sync to its end (a sync run, or a replay), one sync after the other, prints
     * each summary line or failure, and stops. A failed sync does not keep the next from running.
     *
     * @param template the route template whose route runs: {@code run} or {@code replay}
     */
    private static int runOnce(Main main, CommandLine commandLine, String template, String what, PrintStream out, PrintStream err)
            throws Exception {
        main.start();
        try {
            // A resync restarts a table from its snapshot, and a dead-letter file belongs to one table: neither guesses which.
            List<String> syncs = chosenSyncs(main, commandLine, commandLine.replayFile().isPresent() || commandLine.resync());
            if (commandLine.resync()) {
                resync(main, syncs, out);
            }
            ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
            int exitCode = 0;
            for (String sync : syncs) {
                Exchange result = producer.request("direct:" + sync + "-" + template, exchange -> { });
                if (result.getException() != null) {
                    String which = syncs.size() > 1 ? " " + sync : "";
                    err.println(what + which + " failed: " + RunFailures.describe(result.getException()));
                    exitCode = 1;
                } else {
                    out.println(result.getMessage().getBody(String.class));
                }
            }
            return exitCode;
        } finally {
            main.stop();
        }
    }

    /** {@code --resync} alone: records that the next run starts from a snapshot, says so, and stops. */
    private static int resyncOnly(Main main, CommandLine commandLine, PrintStream out) throws Exception {
        main.start();
        try {
            resync(main, chosenSyncs(main, commandLine, true), out);
            return 0;
        } finally {
            main.stop();
        }
    }

    /** Records that each sync's next run starts from a snapshot, and says so. */
    private static void resync(Main main, List<String> syncs, PrintStream out) {
        for (String sync : syncs) {
            out.println(bean(main, sync, "resync", Resync.class).request());
        }
    }

    /**
     * The syncs a command acts on: the one {@code --sync} names, or every sync.
     *
     * @param onlyOne whether the command must not act on several syncs at once without {@code --sync} (a resync restarts a
     *                table from its snapshot; a dead-letter file belongs to one table)
     */
    private static List<String> chosenSyncs(Main main, CommandLine commandLine, boolean onlyOne) {
        Syncs syncs = main.getCamelContext().getRegistry().lookupByNameAndType(SyncBeans.SYNCS, Syncs.class);
        if (commandLine.sync().isPresent()) {
            String sync = commandLine.sync().get();
            if (!syncs.names().contains(sync)) {
                throw new ConfigurationException("--sync " + sync + ": there is no such sync; the syncs are " + String.join(", ", syncs.names()));
            }
            return List.of(sync);
        }
        if (onlyOne && syncs.names().size() > 1) {
            throw new ConfigurationException((commandLine.resync() ? "--resync" : "--replay FILE") + " acts on one table: add --sync NAME, "
                    + "one of " + String.join(", ", syncs.names()));
        }
        return syncs.names();
    }

    private static <T> T bean(Main main, String sync, String processor, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(SyncTableBeans.beanName(sync, processor), type);
    }
}
