package io.insidersync.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Delta Lake for the integration tests: Spark's Thrift Server with Delta, in a process of its own on
 * 127.0.0.1, started once per test JVM and gone when that JVM ends. Its class path comes from
 * {@code src/test/delta-lake/pom.xml}; the build writes it to the file named by the system property
 * {@code delta-lake.classpath}.
 */
public final class DeltaLake {

    private static final String CLASS_PATH_PROPERTY = "delta-lake.classpath";
    private static final long START_TIMEOUT_MS = 180_000;
    /** Spark on Java 17 needs these, as its own launcher sets them. */
    private static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
            "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch",
            "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    private static DeltaLake running;

    private final Process process;
    private final int port;
    private final Path logFile;

    private DeltaLake(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** The server, started on first use. */
    public static synchronized DeltaLake get() {
        if (running == null) {
            running = start();
        }
        return running;
    }

    public String jdbcUrl() {
        return "jdbc:hive2://127.0.0.1:" + port + "/default";
    }

    /** The settings that point the sync at this server directly, through Spark's Hive driver instead of the Databricks one. */
    public Map<String, String> hiveDriverSettings() {
        return Map.of("source.kind", "databricks", "databricks.jdbc-url", jdbcUrl(), "databricks.jdbc-driver", SparkHiveDriver.class.getName(),
                "databricks.auth", "none");
    }

    /** Runs statements in one session (so a SET applies to the statements after it), the way a table's owner would. */
    public void sql(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Delta Lake refused a test statement: " + firstLine(e.getMessage()), e);
        }
    }

    /** The rows of a query, each as its columns' text. */
    public List<List<String>> query(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Delta Lake refused a test query: " + firstLine(e.getMessage()), e);
        }
    }

    /** The table's latest version. */
    public long version(String table) {
        return Long.parseLong(query("DESCRIBE HISTORY " + table + " LIMIT 1").get(0).get(0));
    }

    public Connection connect() throws SQLException {
        SparkHiveDriver.register();
        return DriverManager.getConnection(jdbcUrl(), "", "");
    }

    static String serverClassPath() {
        String file = System.getProperty(CLASS_PATH_PROPERTY);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException("No Delta Lake class path (system property " + CLASS_PATH_PROPERTY + " = " + file
                    + "): run the integration tests with `mvn verify`, which writes it");
        }
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DeltaLake start() {
        try {
            Path home = Files.createDirectories(Path.of("target", "delta-lake")).toAbsolutePath();
            Path work = Files.createTempDirectory(home, "run-");
            Path tmp = Files.createDirectories(work.resolve("tmp"));
            Path logFile = work.resolve("server.log");
            int port = freePort();
            String classPath = serverClassPath() + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            OPENS.forEach(pkg -> command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED"));
            command.add("-Djdk.reflect.useDirectMethodHandle=false");
            command.add("-Djava.io.tmpdir=" + tmp);
            command.add("-Dderby.system.home=" + work.resolve("derby"));
            command.add("-Dspark.master=local[2]");
            command.add("-Dspark.app.name=delta-lake-for-tests");
            command.add("-Dspark.driver.bindAddress=127.0.0.1");
            command.add("-Dspark.driver.host=127.0.0.1");
            command.add("-Dspark.ui.enabled=false");
            command.add("-Dspark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension");
            command.add("-Dspark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog");
            command.add("-Dspark.sql.warehouse.dir=" + work.resolve("warehouse"));
            command.add("-Dspark.local.dir=" + tmp);
            // Timestamps are written and read in UTC, whatever the machine's zone.
            command.add("-Dspark.sql.session.timeZone=UTC");
            command.add("-Dspark.sql.shuffle.partitions=2");
            // VACUUM lists files with this parallelism; Spark's default makes it take minutes on two cores.
            command.add("-Dspark.sql.sources.parallelPartitionDiscovery.parallelism=4");
            command.add("-cp");
            command.add(classPath);
            command.add(DeltaLakeServer.class.getName());
            // The binary transport: Spark 3.5's HTTP transport ignores the bind host and listens on every interface.
            for (String hiveConf : List.of("hive.server2.transport.mode=binary", "hive.server2.thrift.bind.host=127.0.0.1",
                    "hive.server2.thrift.port=" + port, "javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=" + work.resolve("metastore")
                            + ";create=true")) {
                command.add("--hiveconf");
                command.add(hiveConf);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            DeltaLake lake = new DeltaLake(process, port, logFile);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "delta-lake-stop"));
            lake.awaitReady();
            return lake;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Delta Lake test server", e);
        }
    }

    private void awaitReady() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Delta Lake test server exited with " + process.exitValue() + "; see " + logFile);
            }
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroy();
        throw new IllegalStateException("The Delta Lake test server did not answer within " + START_TIMEOUT_MS / 1000 + " s; see " + logFile, last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
