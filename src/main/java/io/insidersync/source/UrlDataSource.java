package io.insidersync.source;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A connection per call from a JDBC URL. A sync run opens one or two connections, so a pool would add nothing.
 * Credentials travel as connection properties, never inside the URL, so the URL can be shown in messages.
 */
public final class UrlDataSource implements DataSource {

    private final String url;
    private final Properties connectionProperties;
    private final String description;
    /** How a Databricks source signs in ({@code oauth}, {@code token}, {@code none}); null for another database. */
    private final String auth;

    public UrlDataSource(String url, Properties connectionProperties, String description) {
        this(url, connectionProperties, description, null);
    }

    public UrlDataSource(String url, Properties connectionProperties, String description, String auth) {
        this.url = url;
        this.connectionProperties = connectionProperties;
        this.description = description;
        this.auth = auth;
    }

    /** Where this source connects, without credentials: safe for messages and logs. */
    public String description() {
        return description;
    }

    String url() {
        return url;
    }

    Properties connectionProperties() {
        return connectionProperties;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(connectionProperties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(connectionProperties);
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        return connect(properties);
    }

    /**
     * A driver that cannot connect may say so with its whole URL: the failure leaves here with the URL's password masked,
     * and, when the warehouse refused the credentials, led by the settings to check.
     */
    private Connection connect(Properties properties) throws SQLException {
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw SignInRefusal.explained(SqlErrors.withoutSecrets(e), auth);
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return DriverManager.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        DriverManager.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return description;
    }
}
