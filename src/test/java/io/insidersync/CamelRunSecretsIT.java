package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code camel run} command, through {@code scripts/camel} as {@link CamelRunIT} runs it, with secrets set: in
 * the environment, and in a settings file named after application.properties (as the README says for one's own table).
 * Camel prints the settings it resolved at start-up, and a start-up failure with its causes; everything printed, and
 * every file the run wrote in the project folder (Camel JBang's own included), is searched for every secret value.
 */
class CamelRunSecretsIT {

    private static final Path README = Path.of("README.md");
    private static final Path SCRIPT = Path.of("scripts", "camel");
    private static final String SETTINGS_FILE = "my-sync.properties";
    private static final String TOKEN = "ins-token-camel-4a90d2";
    private static final String CLIENT_SECRET = "dbx-client-secret-camel-7e13";
    private static final String DATABRICKS_TOKEN = "dapi-camel-pat-c25b";
    private static final String SOURCE_PASSWORD = "src-password-camel-90fa";
    private static final String USER_INFO_PASSWORD = "userinfo-pass-camel-3d6e";
    private static final String PARAMETER_PASSWORD = "param-pass-camel-b801";
    private static final List<String> SECRETS = List.of(TOKEN, CLIENT_SECRET, DATABRICKS_TOKEN, SOURCE_PASSWORD, USER_INFO_PASSWORD,
            PARAMETER_PASSWORD);
    private static final Map<String, String> SECRET_ENVIRONMENT = Map.of("INSIDER_REQUEST_TOKEN", TOKEN, "DATABRICKS_CLIENT_SECRET",
            CLIENT_SECRET, "DATABRICKS_TOKEN", DATABRICKS_TOKEN, "SOURCE_JDBC_PASSWORD", SOURCE_PASSWORD);

    @TempDir
    Path work;

    @Test
    void theTokenFromTheEnvironmentIsMaskedInCamelsSummaryOfSettings() throws Exception {
        Run run = run("env", SECRET_ENVIRONMENT, List.of());

        assertDemoRanWithTheTokenMasked(run, "[OS Environment Variable]");
        run.assertNoSecret();
    }

    @Test
    void theTokenFromASettingsFileIsMaskedInCamelsSummaryOfSettings() throws Exception {
        Run run = run("file", Map.of(), List.of("insider.request-token=" + TOKEN, "databricks.client-secret=" + CLIENT_SECRET,
                "databricks.token=" + DATABRICKS_TOKEN, "source.jdbc-password=" + SOURCE_PASSWORD));

        assertDemoRanWithTheTokenMasked(run, "[" + SETTINGS_FILE + "]");
        run.assertNoSecret();
    }

    /** Camel JBang prints a start-up failure with its causes: the JDBC driver manager's, which repeats the URL whole. */
    @Test
    void aSourceThatCannotConnectStopsStartUpWithThePasswordsOfItsUrlMaskedInTheStackTrace() throws Exception {
        Run run = run("unreachable", SECRET_ENVIRONMENT, List.of("source.kind=jdbc",
                "source.jdbc-url=jdbc:postgresql://sync:" + USER_INFO_PASSWORD + "@127.0.0.1:1/crm?ssl=false&password=" + PARAMETER_PASSWORD,
                "source.jdbc-user=sync", "sync.table=purchase_changes", "sync.key-columns=line_id", "mapping.identifiers.email=email",
                "insider.partner-name=camelsecrets", "insider.url=http://127.0.0.1:1/api/user/v1/upsert"));

        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("io.insidersync.source.SourceException: Could not read the columns of table purchase_changes from "
                + "jdbc:postgresql://sync:******@127.0.0.1:1/crm: No suitable driver found for "
                + "jdbc:postgresql://sync:******@127.0.0.1:1/crm?ssl=false&password=******"), run.output());
        assertTrue(run.output().contains("Caused by: java.sql.SQLException: No suitable driver found for "
                + "jdbc:postgresql://sync:******@127.0.0.1:1/crm?ssl=false&password=******"), run.output());
        run.assertNoSecret();
    }

    private static void assertDemoRanWithTheTokenMasked(Run run, String from) {
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("sync demo_purchase_changes: window 0..3, rows read 12, users 3, events 6, requests 1, dead-lettered 3"),
                run.output());
        assertTrue(run.output().matches("(?s).*\\Q" + from + "\\E +insider\\.request-token = xxxxxx\n.*"),
                "Camel's summary does not show the token masked: " + run.output());
    }

    /**
     * The README's demo command in a copy of the project's routes and settings, with these environment variables (the sync's
     * own cleared first) and, when given, a settings file of these lines named after application.properties.
     */
    private Run run(String name, Map<String, String> environment, List<String> settings) throws Exception {
        Path project = Files.createDirectories(work.resolve(name));
        copy(Path.of("routes"), project.resolve("routes"));
        Files.copy(Path.of("application.properties"), project.resolve("application.properties"));
        String command = readmeCommand().substring("camel".length());
        if (!settings.isEmpty()) {
            Files.write(project.resolve(SETTINGS_FILE), settings);
            command = command.replace(" application.properties ", " application.properties " + SETTINGS_FILE + " ");
        }
        Path log = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", SCRIPT.toAbsolutePath() + command)
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.matches("(DATABRICKS|SOURCE|SYNC|MAPPING|INSIDER|DEADLETTER)_.*"));
        builder.environment().putAll(environment);
        String localRepository = " -Dmaven.repo.local=" + System.getProperty("maven.repo.local");
        builder.environment().merge("MAVEN_OPTS", localRepository, String::concat);
        builder.environment().merge("JAVA_OPTS", localRepository + " -Dcamel.management.port=0", String::concat);
        Process process = builder.start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // Camel JBang colours its log lines: the escape codes go, the text stays.
        String output = Files.readString(log).replaceAll("\u001B\\[[;\\d]*m", "");
        assertTrue(ended, name + ": camel run still running after 5 minutes: " + output);
        return new Run(process.exitValue(), output, project);
    }

    /** The line of the README that starts with {@code camel run} and stops itself with --max-seconds. */
    private static String readmeCommand() throws IOException {
        return Files.readAllLines(README).stream()
                .filter(line -> line.startsWith("camel run ") && line.contains("--max-seconds") && line.contains(" application.properties "))
                .findFirst().orElseThrow(() -> new AssertionError("README.md has no line starting with `camel run ` with --max-seconds"));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private record Run(int exit, String output, Path project) {

        /** Neither the output nor a file in the project folder holds a secret value, except the settings file that gave them. */
        void assertNoSecret() throws IOException {
            for (String secret : SECRETS) {
                assertFalse(output.contains(secret), "the output shows " + secret + ":\n" + output);
            }
            List<Path> written = new ArrayList<>();
            try (Stream<Path> files = Files.walk(project)) {
                files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals(SETTINGS_FILE)).forEach(written::add);
            }
            for (Path file : written) {
                // Read as bytes: the demo's H2 database is among the files.
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : SECRETS) {
                    assertFalse(text.contains(secret), file + " shows " + secret);
                }
            }
        }
    }
}
