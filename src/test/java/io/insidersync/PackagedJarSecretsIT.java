package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.insidersync.support.ChangeTable;
import io.insidersync.support.EchoingInsider;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.support.JsonLines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started with {@code java -jar} as the README says, with every kind of secret set (in the environment, in
 * a --config file, inside the source's JDBC URL): Insider answering 400, 500 and 200s whose texts repeat the request token,
 * an H2 source that takes a password, and sources that cannot be reached with passwords in their URLs. Everything the
 * program printed, and every file it wrote (checkpoint, dead letters), is searched for every secret value.
 */
class PackagedJarSecretsIT {

    private static final Path JAR = Path.of("target", "databricks-insider-sync.jar");
    private static final String TOKEN = "ins-token-jar-3e71c0";
    private static final String CLIENT_SECRET = "dbx-client-secret-jar-a5d2";
    private static final String DATABRICKS_TOKEN = "dapi-jar-pat-0b9f4e";
    private static final String SOURCE_PASSWORD = "src-password-jar-6c18";
    private static final String URL_PASSWORD = "url-password-jar-d47a";
    private static final String USER_INFO_PASSWORD = "userinfo-pass-jar-1f3b";
    private static final String PARAMETER_PASSWORD = "param-pass-jar-82e5";
    private static final List<String> SECRETS = List.of(TOKEN, CLIENT_SECRET, DATABRICKS_TOKEN, SOURCE_PASSWORD, URL_PASSWORD,
            USER_INFO_PASSWORD, PARAMETER_PASSWORD);

    @TempDir
    Path work;
    private String database;

    /** An H2 file database with a password (user sync), a second user (reader) for a URL that carries its own, and the changes. */
    @BeforeEach
    void sourceAndInsider() throws Exception {
        database = "jdbc:h2:file:" + work.resolve("source/changes").toAbsolutePath();
        ChangeTable table = ChangeTable.empty(database + ";USER=sync;PASSWORD=" + SOURCE_PASSWORD);
        EchoingInsider.changes(table);
        table.close();
        try (Connection connection = DriverManager.getConnection(database, "sync", SOURCE_PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("CREATE USER reader PASSWORD '" + URL_PASSWORD + "' ADMIN");
        }
        EchoingInsider.answerRepeating(TOKEN);
    }

    @Test
    void secretsFromTheEnvironmentAndInsidersAnswersRepeatingTheTokenAreMaskedEverywhere() throws Exception {
        Run run = run("env", Map.of("INSIDER_REQUEST_TOKEN", TOKEN, "SOURCE_JDBC_PASSWORD", SOURCE_PASSWORD,
                "DATABRICKS_CLIENT_SECRET", CLIENT_SECRET, "DATABRICKS_TOKEN", DATABRICKS_TOKEN),
                "source.jdbc-url=" + database, "source.jdbc-user=sync");

        assertDeliveredWithTheTokenMasked(run);
        run.assertNoSecret();
    }

    @Test
    void secretsFromTheConfigFileAndAPasswordInsideTheUrlAreMaskedEverywhere() throws Exception {
        Run run = run("file", Map.of(), "source.jdbc-url=" + database + ";USER=reader;PASSWORD=" + URL_PASSWORD,
                "insider.request-token=" + TOKEN, "databricks.client-secret=" + CLIENT_SECRET, "databricks.token=" + DATABRICKS_TOKEN);

        assertDeliveredWithTheTokenMasked(run);
        run.assertNoSecret();
    }

    /** No driver takes these URLs, and DriverManager repeats a URL it cannot connect to whole. */
    @Test
    void aSourceThatCannotConnectIsNamedWithThePasswordsOfItsUrlMasked() throws Exception {
        String url = "jdbc:postgresql://sync:" + USER_INFO_PASSWORD + "@127.0.0.1:1/crm?ssl=false&password=" + PARAMETER_PASSWORD;
        Run jdbc = run("jdbc", Map.of("INSIDER_REQUEST_TOKEN", TOKEN, "SOURCE_JDBC_PASSWORD", SOURCE_PASSWORD), "source.jdbc-url=" + url,
                "source.jdbc-user=sync");

        assertEquals(1, jdbc.exit(), jdbc.output());
        assertTrue(jdbc.output().contains("Could not start: Could not read the columns of table " + ChangeTable.NAME
                + " from jdbc:postgresql://sync:******@127.0.0.1:1/crm: No suitable driver found for "
                + "jdbc:postgresql://sync:******@127.0.0.1:1/crm?ssl=false&password=******"), jdbc.output());
        jdbc.assertNoSecret();

        Run databricks = run("databricks", Map.of("DATABRICKS_TOKEN", DATABRICKS_TOKEN), "source.kind=databricks", "databricks.auth=token",
                "databricks.jdbc-url=jdbc:hive2://sync:" + USER_INFO_PASSWORD + "@127.0.0.1:1/default;password=" + PARAMETER_PASSWORD,
                "sync.table=main.crm.events", "insider.request-token=" + TOKEN);

        assertEquals(1, databricks.exit(), databricks.output());
        assertTrue(databricks.output().contains("Could not start: Could not read table main.crm.events from jdbc:hive2://sync:******@127.0.0.1:1/default (token)"),
                databricks.output());
        databricks.assertNoSecret();
    }

    /** Four users of five dead-lettered (400, 500 after its retry, and two 200s with fail errors), the token masked in every reason. */
    private static void assertDeliveredWithTheTokenMasked(Run run) throws IOException {
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("sync " + ChangeTable.NAME + ": window 0..1, rows read 5, users 1, events 0, requests 5, dead-lettered 4"),
                run.output());
        assertTrue(run.output().contains("Insider answered HTTP 500: upstream failed for request token ******"), "no retry logged: " + run.output());
        List<String> reasons = JsonLines.read(run.deadLetters()).stream().map(record -> record.path("reason").asText()).sorted().toList();
        assertEquals(List.of("Insider answered HTTP 400: {\"error\":\"X-REQUEST-TOKEN ****** may not write users\"}",
                "Insider answered HTTP 500 after 2 attempts: upstream failed for request token ******",
                "Insider answered with errors that name no user: token ******: is limited to other IP addresses",
                "Insider refused the user: users.0.email: token ****** may not change email"), reasons);
    }

    /** The jar with these settings (after the ones every run has) and environment variables; the sync's own are cleared first. */
    private Run run(String name, Map<String, String> environment, String... settings) throws Exception {
        Path folder = Files.createDirectories(work.resolve(name));
        List<String> lines = new ArrayList<>(List.of("source.kind=jdbc", "sync.table=" + ChangeTable.NAME, "sync.key-columns=line_id",
                "mapping.identifiers.email=email", "mapping.attributes.name=first_name", "insider.url=" + InsiderStandIn.url(),
                "insider.partner-name=jarsecrets", "insider.batch-max-users=1", "insider.concurrency=1", "insider.max-retries=1", "insider.retry-delay-ms=1",
                "insider.max-retry-delay-ms=1", "sync.state-dir=" + folder.resolve("data"), "deadletter.dir=" + folder.resolve("data/deadletter")));
        lines.addAll(List.of(settings));
        Path config = Files.write(work.resolve(name + ".properties"), lines);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString(), "--config", config.toString(), "--once")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.matches("(DATABRICKS|SOURCE|SYNC|MAPPING|INSIDER|DEADLETTER)_.*"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean ended = process.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertTrue(ended, name + ": still running after 2 minutes: " + output);
        return new Run(process.exitValue(), output, folder.resolve("data"));
    }

    private record Run(int exit, String output, Path written) {

        Path deadLetters() {
            return written.resolve("deadletter/" + ChangeTable.NAME + ".jsonl");
        }

        /** Neither the output nor any file the run wrote holds a secret value. */
        void assertNoSecret() throws IOException {
            for (String secret : SECRETS) {
                assertFalse(output.contains(secret), "the output shows " + secret + ":\n" + output);
            }
            if (!Files.exists(written)) {
                return;
            }
            try (Stream<Path> files = Files.walk(written)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    for (String secret : SECRETS) {
                        assertFalse(text.contains(secret), file + " shows " + secret);
                    }
                }
            }
        }
    }
}
