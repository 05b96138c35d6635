package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The container images, built from the Dockerfile and from the pom's Jib configuration without a Docker engine, each
 * started for the demo: container/check-image.sh, which says what it checks. It needs root and Debian's mmdebstrap,
 * umoci, skopeo, buildah and jq (it installs them with apt-get when they are missing, and fails saying which when it
 * cannot). {@code -DskipContainerCheck} leaves it out.
 */
class ContainerImageIT {

    private static final Path SCRIPT = Path.of("container", "check-image.sh");

    @Test
    void bothImagesRunTheDemoAsTheirNonRootUserWithTheStateOnTheVolume() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("skipContainerCheck"), "the container check was left out (-DskipContainerCheck)");
        Path log = Path.of("target", "check-image.log");
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        String mavenHome = System.getProperty("maven.home", "");
        if (!mavenHome.isBlank()) {
            builder.environment().put("MVN", Path.of(mavenHome, "bin", "mvn").toString());
        }
        String localRepository = System.getProperty("maven.repo.local", "");
        if (!localRepository.isBlank()) {
            builder.environment().put("MVN_ARGS", "-Dmaven.repo.local=" + localRepository);
        }
        Process process = builder.start();
        boolean ended = process.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log);

        assertTrue(ended, "container/check-image.sh still running after 10 minutes:\n" + output);
        assertEquals(0, process.exitValue(), "container/check-image.sh failed:\n" + output);
        for (String image : new String[] {"dockerfile", "jib"}) {
            assertTrue(output.contains("PASS  " + image + ": user 1001:0, working directory /app"), output);
            assertTrue(output.contains("PASS  " + image + ": --once: sync demo_purchase_changes: window 0..3, rows read 12, users 3, events 6, requests 1, "
                    + "dead-lettered 3"), output);
            assertTrue(output.contains("PASS  " + image + ": a second container on the same volume: sync demo_purchase_changes: up to date at version 3"),
                    output);
            assertTrue(output.contains("PASS  " + image + ": --config /config/sync.properties"), output);
            assertTrue(output.contains("PASS  " + image + ": secrets in the environment"), output);
            assertTrue(output.contains("PASS  " + image + ": the default command runs the schedule: /observe/health UP"), output);
        }
        assertTrue(output.contains("container check passed: dockerfile jib"), output);
    }
}
