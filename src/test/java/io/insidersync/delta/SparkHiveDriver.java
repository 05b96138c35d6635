package io.insidersync.delta;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Spark's own Hive JDBC driver, loaded from the Delta Lake server's class path in a class loader of its own: the
 * Databricks driver cannot talk to open-source Spark, and Hive's jars would clash with the application's. The sync
 * names this class in {@code databricks.jdbc-driver}; like any JDBC driver it registers itself when loaded. It keeps
 * every statement sent through it, so that tests can say which queries a run issued.
 */
public final class SparkHiveDriver implements Driver {

    private static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();
    private static final Driver HIVE = loadHiveDriver();
    private static final ClassLoader HIVE_LOADER = HIVE.getClass().getClassLoader();

    static {
        try {
            DriverManager.registerDriver(new SparkHiveDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Loads this class, and with it the driver, so that DriverManager knows it. */
    public static void register() {
        // the static initializer does the work
    }

    /** Every statement sent so far, in order. */
    public static List<String> statements() {
        return List.copyOf(STATEMENTS);
    }

    public static void forgetStatements() {
        STATEMENTS.clear();
    }

    private static Driver loadHiveDriver() {
        try {
            List<URL> jars = new ArrayList<>();
            for (String entry : DeltaLake.serverClassPath().split(java.io.File.pathSeparator)) {
                jars.add(Path.of(entry).toUri().toURL());
            }
            URLClassLoader loader = new URLClassLoader("spark-hive-jdbc", jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            return (Driver) loader.loadClass("org.apache.hive.jdbc.HiveDriver").getDeclaredConstructor().newInstance();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Spark's Hive JDBC driver is not on the Delta Lake class path", e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(HIVE_LOADER);
        try {
            Connection connection = HIVE.connect(url, info);
            return connection == null ? null : recording(connection);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Connection recording(Connection connection) {
        return (Connection) Proxy.newProxyInstance(SparkHiveDriver.class.getClassLoader(), new Class<?>[] {Connection.class}, (self, method, args) -> {
            if (method.getName().equals("prepareStatement")) {
                record(args);
            }
            Object result = invoke(connection, method, args);
            return result instanceof Statement statement && !(result instanceof PreparedStatement) ? recording(statement) : result;
        });
    }

    private static Statement recording(Statement statement) {
        return (Statement) Proxy.newProxyInstance(SparkHiveDriver.class.getClassLoader(), new Class<?>[] {Statement.class}, (self, method, args) -> {
            if (method.getName().startsWith("execute")) {
                record(args);
            }
            return invoke(statement, method, args);
        });
    }

    private static void record(Object[] args) {
        if (args != null && args.length > 0 && args[0] instanceof String sql) {
            STATEMENTS.add(sql);
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return url != null && url.startsWith("jdbc:hive2:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return HIVE.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return HIVE.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return HIVE.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public String toString() {
        return "Spark's Hive JDBC driver";
    }
}
