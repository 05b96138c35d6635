package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as `mvn package` leaves it, started as the README's first command starts it: with only its own manifest's class
 * path (target/lib), which the tests' class path hides when a component is missing from it.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "databricks-insider-sync.jar");

    @TempDir
    Path state;

    @Test
    void theManifestOpensJavaNioToTheDatabricksDriver() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("java.base/java.nio", manifest.getValue("Add-Opens"));
            assertEquals(SyncApplication.class.getName(), manifest.getValue(Attributes.Name.MAIN_CLASS));
            assertTrue(manifest.getValue(Attributes.Name.CLASS_PATH).contains("lib/databricks-jdbc-"), "the Databricks driver is not on the jar's class path");
        }
    }

    @Test
    void javaDashJarRunsTheDemo() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = state.resolve("output.log");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString(), "--once").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SYNC_STATE_DIR", state.toString());
        Process process = builder.start();
        boolean ended = process.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);

        assertTrue(ended, "still running after 2 minutes: " + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("sync demo_purchase_changes: window 0..3, rows read 12, users 3, events 6, requests 1, dead-lettered 3"), output);
        assertTrue(Files.isDirectory(state.resolve("demo/outbox")), output);
    }
}
