package io.insidersync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the project's routes with an integrator's per-row steps written in where {@code routes/sync.camel.yaml}
 * marks their place, and any route files of their own beside them: the way an integrator changes the flow. The folder
 * is named by a system property, for {@code camel.main.routes-include-pattern}.
 */
public final class PerRowRoutes {

    private static final String END_OF_YOUR_STEPS = "# ---- End of your per-row steps.";

    private PerRowRoutes() {
    }

    /**
     * Writes the routes with {@code steps} (YAML steps, indented as the first step of a list: "- filter: …") in place,
     * and the extra files, into a new folder; sets the system property {@code property} to it.
     *
     * @param extraFiles file name, then its content, for each extra route file
     */
    public static Path write(String property, String steps, String... extraFiles) {
        try {
            Path folder = Files.createTempDirectory("per-row-routes-");
            try (Stream<Path> routes = Files.list(Path.of("routes"))) {
                for (Path route : routes.toList()) {
                    String text = Files.readString(route);
                    if (route.getFileName().toString().equals("sync.camel.yaml")) {
                        text = withSteps(text, steps);
                    }
                    Files.writeString(folder.resolve(route.getFileName()), text);
                }
            }
            for (int i = 0; i < extraFiles.length; i += 2) {
                Files.writeString(folder.resolve(extraFiles[i]), extraFiles[i + 1]);
            }
            System.setProperty(property, folder.toString());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withSteps(String sync, String steps) {
        int marker = sync.indexOf(END_OF_YOUR_STEPS);
        if (marker < 0) {
            throw new IllegalStateException("routes/sync.camel.yaml no longer marks the place of the per-row steps (" + END_OF_YOUR_STEPS + ")");
        }
        int lineStart = sync.lastIndexOf('\n', marker) + 1;
        String indent = sync.substring(lineStart, marker);
        StringBuilder indented = new StringBuilder();
        steps.stripIndent().lines().forEach(line -> indented.append(indent).append(line).append('\n'));
        return sync.substring(0, lineStart) + indented + sync.substring(lineStart);
    }
}
