package io.insidersync.source;

import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Settings;

/**
 * Builds the source connection from the settings: a Databricks SQL warehouse (OAuth service principal or personal
 * access token, on AWS, Azure or GCP workspaces alike) or any JDBC database holding a change table.
 */
public final class SourceConnections {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9/_.-]+");

    private SourceConnections() {
    }

    public static UrlDataSource create(Settings settings, SourceKind kind) {
        return switch (kind) {
            case DATABRICKS -> databricks(settings);
            case JDBC -> jdbc(settings);
        };
    }

    private static UrlDataSource databricks(Settings settings) {
        String host = databricksHost(settings.require("databricks.host"));
        String httpPath = settings.require("databricks.http-path").trim();
        if (!HTTP_PATH.matcher(httpPath).matches()) {
            throw new ConfigurationException("Setting databricks.http-path: '" + httpPath
                    + "' is not an HTTP path such as /sql/1.0/warehouses/abc123 (copy it from the warehouse's Connection details)");
        }
        String auth = settings.string("databricks.auth", "oauth").toLowerCase(Locale.ROOT);
        Properties credentials = new Properties();
        String authOptions;
        switch (auth) {
            case "oauth" -> {
                // OAuth machine-to-machine: the service principal's client id and secret, as Insider's own connector uses.
                authOptions = "AuthMech=11;Auth_Flow=1";
                credentials.setProperty("OAuth2ClientId", settings.require("databricks.client-id"));
                credentials.setProperty("OAuth2Secret", settings.require("databricks.client-secret"));
            }
            case "token" -> {
                authOptions = "AuthMech=3";
                credentials.setProperty("UID", "token");
                credentials.setProperty("PWD", settings.require("databricks.token"));
            }
            default -> throw new ConfigurationException("Setting databricks.auth must be oauth or token, not '" + auth + "'");
        }
        String url = "jdbc:databricks://" + host + ":443/default;transportMode=http;ssl=1;httpPath=" + httpPath + ";" + authOptions;
        return new UrlDataSource(url, credentials, "Databricks " + host + httpPath + " (" + auth + ")");
    }

    /** Accepts the host as the workspace shows it, with or without https:// and a trailing slash. */
    static String databricksHost(String value) {
        String host = value.trim().replaceFirst("^(?i)https?://", "").replaceFirst("/+$", "");
        if (!HOST.matcher(host).matches()) {
            throw new ConfigurationException("Setting databricks.host: '" + value
                    + "' is not a host name such as dbc-a1b2c3d4-e5f6.cloud.databricks.com (the warehouse's Server hostname)");
        }
        return host;
    }

    private static UrlDataSource jdbc(Settings settings) {
        String url = settings.require("source.jdbc-url");
        if (!url.startsWith("jdbc:")) {
            throw new ConfigurationException("Setting source.jdbc-url must start with jdbc:, for example jdbc:postgresql://host/db");
        }
        Properties credentials = new Properties();
        settings.optional("source.jdbc-user").ifPresent(user -> credentials.setProperty("user", user));
        settings.optional("source.jdbc-password").ifPresent(password -> credentials.setProperty("password", password));
        // Drivers accept options (credentials among them) after ';' or '?': the description leaves them out.
        return new UrlDataSource(url, credentials, url.replaceFirst("[;?].*$", ""));
    }
}
