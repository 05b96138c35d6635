package io.insidersync.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.insidersync.SyncApplication;

/**
 * The program in a JVM of its own, as an operator starts it (the test's class path, the Databricks driver's flag), from
 * the project folder so that it reads ./routes and ./application.properties, its output in a file.
 */
public final class SyncProcess {

    private SyncProcess() {
    }

    /** The command line that starts the program with these arguments. */
    public static List<String> command(String... arguments) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SyncApplication.class.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Starts the program with these arguments, stdout and stderr both going to {@code output}. */
    public static Process start(Path output, String... arguments) throws IOException {
        return start(output, command(arguments));
    }

    /** Starts a command line (one from {@link #command}, perhaps wrapped) from the project folder. */
    public static Process start(Path output, List<String> command) throws IOException {
        return new ProcessBuilder(command).directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }
}
