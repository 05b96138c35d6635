package io.insidersync.delta;

import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of the Delta Lake test process: Spark's Thrift Server, which exits when its standard input closes,
 * so that it never outlives the test JVM that started it, however that JVM ends. Spark is reached by reflection
 * because its jars are on this process's class path only, never on the test JVM's.
 */
public final class DeltaLakeServer {

    private DeltaLakeServer() {
    }

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(DeltaLakeServer::exitWhenInputCloses, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Class.forName("org.apache.spark.sql.hive.thriftserver.HiveThriftServer2").getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static void exitWhenInputCloses() {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // the test JVM never writes: only the end of the stream matters
            }
        } catch (IOException ignored) {
            // the pipe broke: the parent is gone
        }
        Runtime.getRuntime().halt(0);
    }
}
