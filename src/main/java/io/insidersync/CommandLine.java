package io.insidersync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.insidersync.config.ConfigurationException;

/**
 * The command line: {@code --once} (one sync, then exit), {@code --replay [FILE]} (send dead-lettered users again,
 * then exit), {@code --verify} (check the connections, the table and the mapping, then exit), {@code --resync} (start
 * the table again from a fresh snapshot), {@code --sync NAME} (only that one of several syncs), {@code --config PATH} (an
 * extra properties file read after ./application.properties; its keys win), {@code --help}.
 *
 * @param replayFile with {@code --replay}, the dead-letter file named after it; empty means the table's own
 * @param sync       with {@code --sync}, the one sync a command acts on; empty means every sync
 */
public record CommandLine(boolean once, Optional<Path> config, boolean help, boolean replay, Optional<Path> replayFile, boolean verify,
                          boolean resync, Optional<String> sync) {

    /** The command line without {@code --sync}: every sync. */
    public CommandLine(boolean once, Optional<Path> config, boolean help, boolean replay, Optional<Path> replayFile, boolean verify,
                       boolean resync) {
        this(once, config, help, replay, replayFile, verify, resync, Optional.empty());
    }

    public static final String USAGE = """
            Usage: java -jar databricks-insider-sync.jar [--once | --replay [FILE] | --verify] [--resync] [--sync NAME] [--config PATH]
              --once           run one sync, print its summary and exit (0 = success)
              --replay [FILE]  send the dead-lettered users of FILE again (default: the table's dead-letter file),
                               print a summary and exit (0 = success); delivered records move to <table>.replayed.jsonl
              --verify         check the Databricks connection, the table, the mapping and the Insider credentials,
                               print one line per check and exit (0 = every check passed)
              --resync         forget the synced version: the next run starts again from a snapshot of the table
                               (with --once, that run; alone, it exits after saying so)
              --sync NAME      with several tables (syncs.NAME.table …): act on that sync only (default: every sync,
                               one after the other; --resync and --replay FILE need it)
              --config PATH    a properties file read after ./application.properties; its settings win
              --help           show this text
            Without --once or --replay the sync runs on sync.schedule until stopped.
            Exit codes: 0 success, 1 a run, replay or check failed, 2 bad usage or settings, 3 another process holds a sync's
            state (its lock file, sync-<table>.lock in sync.state-dir, names it), 143 stopped by SIGTERM after recording
            what was in flight.
            Environment variables override settings: SYNC_TABLE for sync.table, INSIDER_REQUEST_TOKEN for insider.request-token.""";

    public static CommandLine parse(String... args) {
        boolean once = false;
        boolean help = false;
        boolean replay = false;
        boolean verify = false;
        boolean resync = false;
        Path replayFile = null;
        Path config = null;
        String sync = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--once")) {
                once = true;
            } else if (arg.equals("--verify")) {
                verify = true;
            } else if (arg.equals("--resync")) {
                resync = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--replay") || arg.startsWith("--replay=")) {
                replay = true;
                // FILE is optional: the next argument is FILE only when it is not another option.
                String value = arg.startsWith("--replay=") ? arg.substring("--replay=".length())
                        : (i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : null);
                if (value != null && value.isBlank()) {
                    throw new ConfigurationException("--replay= needs the path of a dead-letter file");
                }
                replayFile = value == null ? null : Path.of(value);
            } else if (arg.equals("--sync") || arg.startsWith("--sync=")) {
                sync = arg.startsWith("--sync=") ? arg.substring("--sync=".length()) : (i + 1 < args.length ? args[++i] : "");
                if (sync.isBlank() || sync.startsWith("--")) {
                    throw new ConfigurationException("--sync needs the name of a sync (as in syncs.NAME.table)");
                }
            } else if (arg.equals("--config") || arg.startsWith("--config=")) {
                String value = arg.startsWith("--config=") ? arg.substring("--config=".length()) : (i + 1 < args.length ? args[++i] : "");
                if (value.isBlank()) {
                    throw new ConfigurationException("--config needs the path of a properties file");
                }
                config = Path.of(value);
                if (!Files.isRegularFile(config)) {
                    throw new ConfigurationException("--config: " + value + " is not a readable file");
                }
            } else {
                throw new ConfigurationException("Unknown option " + arg);
            }
        }
        if ((once ? 1 : 0) + (replay ? 1 : 0) + (verify ? 1 : 0) > 1) {
            throw new ConfigurationException("--once, --replay and --verify cannot be combined: run one, then the other");
        }
        if (resync && (replay || verify)) {
            throw new ConfigurationException("--resync goes alone or with --once, not with " + (replay ? "--replay" : "--verify"));
        }
        if (sync != null && !(once || replay || verify || resync)) {
            throw new ConfigurationException("--sync goes with --once, --replay, --verify or --resync: on its schedule, every sync runs");
        }
        return new CommandLine(once, Optional.ofNullable(config), help, replay, Optional.ofNullable(replayFile), verify, resync,
                Optional.ofNullable(sync));
    }
}
