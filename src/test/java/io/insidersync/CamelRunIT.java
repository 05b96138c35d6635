package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.support.JsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code camel run} command, exactly as written there, run through {@code scripts/camel} (Camel JBang's
 * engine without the JBang launcher) in a copy of the project's routes and settings: Camel JBang starts the YAML routes
 * and the processors of the jar the build installed, runs the demo on its schedule, and stops after --max-seconds.
 */
class CamelRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path README = Path.of("README.md");
    private static final Path SCRIPT = Path.of("scripts", "camel");

    @TempDir
    Path project;

    @Test
    void theReadmesCamelRunCommandRunsTheDemo() throws Exception {
        String command = readmeCommand();
        assertTrue(command.contains("--dep=com.databricks:databricks-jdbc:"), "the README's command leaves out the Databricks driver: " + command);
        copy(Path.of("routes"), project.resolve("routes"));
        Files.copy(Path.of("application.properties"), project.resolve("application.properties"));

        Path log = project.resolve("camel-run.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", SCRIPT.toAbsolutePath() + command.substring("camel".length()))
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // Camel JBang, and Maven building the launcher, use the local repository this build installed the jar in.
        String localRepository = " -Dmaven.repo.local=" + System.getProperty("maven.repo.local");
        builder.environment().merge("MAVEN_OPTS", localRepository, String::concat);
        // Health and metrics on a free port, so the test does not depend on port 8080 being free on this machine.
        builder.environment().merge("JAVA_OPTS", localRepository + " -Dcamel.management.port=0", String::concat);
        builder.environment().remove("SOURCE_KIND");
        Process process = builder.start();
        // The first run on a machine downloads Camel JBang's engine and the components the routes use.
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // Camel JBang colours its log lines: the escape codes go, the text stays.
        String output = Files.readString(log).replaceAll("\u001B\\[[;\\d]*m", "");

        assertTrue(ended, "camel run still running after 5 minutes (--max-seconds did not stop it): " + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Apache Camel (JBang) 4.17.0 is starting"), output);
        assertTrue(output.contains("sync demo_purchase_changes: window 0..3, rows read 12, users 3, events 6, requests 1, dead-lettered 3"), output);
        assertTrue(output.contains("sync demo_purchase_changes: up to date at version 3"), "no second run on the demo's schedule: " + output);
        assertFalse(output.contains(" ERROR "), output);

        Path demo = project.resolve("data/demo");
        List<Path> outbox;
        try (Stream<Path> files = Files.list(demo.resolve("outbox"))) {
            outbox = files.toList();
        }
        assertEquals(1, outbox.size(), "one request, and none from the runs that found nothing new: " + outbox);
        JsonNode users = JSON.readTree(outbox.get(0).toFile()).get("users");
        assertEquals(3, users.size());
        assertEquals("Platinum", users.get(0).path("attributes").path("custom").path("loyalty_tier").asText(), "the update of version 2 wins");
        List<JsonNode> deadLetters = JsonLines.read(demo.resolve("deadletter/demo_purchase_changes.jsonl"));
        assertEquals(3, deadLetters.size());
        assertTrue(deadLetters.stream().allMatch(record -> record.path("stage").asText().equals("mapping")), deadLetters.toString());
    }

    /** The README's demo command: the line that starts with {@code camel run} and stops itself with --max-seconds. */
    private static String readmeCommand() throws IOException {
        return Files.readAllLines(README).stream()
                .filter(line -> line.startsWith("camel run ") && line.contains("--max-seconds"))
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
}
