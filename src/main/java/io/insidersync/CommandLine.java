package io.insidersync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.insidersync.config.ConfigurationException;

/**
 * The command line: {@code --once} (one sync, then exit), {@code --config PATH} (an extra properties file read after
 * ./application.properties; its keys win), {@code --help}.
 */
public record CommandLine(boolean once, Optional<Path> config, boolean help) {

    public static final String USAGE = """
            Usage: java -jar databricks-insider-sync.jar [--once] [--config PATH]
              --once          run one sync, print its summary and exit (0 = success)
              --config PATH   a properties file read after ./application.properties; its settings win
              --help          show this text
            Without --once the sync runs on sync.schedule until stopped.
            Environment variables override settings: SYNC_TABLE for sync.table, INSIDER_REQUEST_TOKEN for insider.request-token.""";

    public static CommandLine parse(String... args) {
        boolean once = false;
        boolean help = false;
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--once")) {
                once = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
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
        return new CommandLine(once, Optional.ofNullable(config), help);
    }
}
