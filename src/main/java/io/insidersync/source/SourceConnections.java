package io.insidersync.source;

import java.sql.Driver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Secrets;
import io.insidersync.config.Settings;

/**
 * Builds the source connection from the settings: a Databricks SQL warehouse (OAuth service principal or personal
 * access token, on AWS, Azure or GCP workspaces alike) or any JDBC database holding a change table.
 */
public final class SourceConnections {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final String DATABRICKS_DRIVER = "com.databricks.client.jdbc.Driver";
    private static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9/_.-]+");
    /**
     * How long the Databricks driver waits for the warehouse to answer a request, in seconds, before it gives up (and
     * retries). Its own default, 900 s, kept a run hanging for more than a quarter of an hour against an endpoint that takes
     * the connection and never answers. Statements run asynchronously and are polled, so no request of a run waits long
     * for its first byte.
     */
    static final int SOCKET_TIMEOUT_SECONDS = 120;
    static final int DEFAULT_PORT = 443;
    /** The driver's option names, its {@code http.header.<name>} ones among them. */
    private static final Pattern OPTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final String CREDENTIALS = "credentials come from databricks.token, or databricks.client-id and "
            + "databricks.client-secret (DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET in the environment), not from databricks.jdbc-options";
    private static final String TLS_ON = "TLS verification stays on: the built URL always uses ssl=1; to trust a private CA, give its "
            + "certificate in a trust store with SSLTrustStore, SSLTrustStorePwd and SSLTrustStoreType";
    /**
     * The driver options the built URL sets itself (lower case: the driver reads option names in any case), with what
     * controls each instead.
     */
    private static final Map<String, String> SET_BY_THE_PROGRAM = Map.ofEntries(
            Map.entry("transportmode", "the driver speaks only HTTP (transportMode=http)"),
            Map.entry("httppath", "set databricks.http-path"),
            Map.entry("authmech", "set databricks.auth"),
            Map.entry("auth_flow", "set databricks.auth"),
            Map.entry("uid", CREDENTIALS),
            Map.entry("pwd", CREDENTIALS),
            Map.entry("oauth2clientid", CREDENTIALS),
            Map.entry("oauth2secret", CREDENTIALS),
            Map.entry("usethriftclient", "set databricks.protocol (rest or thrift)"),
            Map.entry("ssl", TLS_ON),
            Map.entry("allowselfsignedcerts", TLS_ON),
            Map.entry("timezone", "the session time zone is pinned to UTC, the JVM's zone, because the driver turns a TIMESTAMP into a "
                    + "java.sql.Timestamp through the session zone's wall clock"));

    private SourceConnections() {
    }

    public static UrlDataSource create(Settings settings, SourceKind kind) {
        return switch (kind) {
            case DATABRICKS -> databricks(settings);
            case JDBC -> jdbc(settings);
        };
    }

    private static UrlDataSource databricks(Settings settings) {
        loadDriver(settings.string("databricks.jdbc-driver", DATABRICKS_DRIVER));
        String auth = settings.string("databricks.auth", "oauth").trim().toLowerCase(Locale.ROOT);
        Optional<String> customUrl = settings.optional("databricks.jdbc-url").map(String::trim);
        if (customUrl.isPresent()) {
            // Another endpoint that speaks the same SQL (Spark's Thrift Server in the tests): taken as given.
            String url = customUrl.get();
            if (!url.startsWith("jdbc:")) {
                throw new ConfigurationException("Setting databricks.jdbc-url must start with jdbc:, not '" + shown(url) + "'");
            }
            for (String builtOnly : List.of("databricks.port", "databricks.protocol", "databricks.jdbc-options")) {
                if (settings.optional(builtOnly).isPresent()) {
                    throw new ConfigurationException("Setting " + builtOnly + " applies only to the URL built from databricks.host and "
                            + "databricks.http-path: with databricks.jdbc-url, write the driver's options into that URL");
                }
            }
            return new UrlDataSource(url, credentials(settings, auth), shown(url) + " (" + auth + ")", auth);
        }
        if (auth.equals("none")) {
            // Said before the host and HTTP path are asked for: they are not what is missing.
            throw new ConfigurationException("Setting databricks.auth=none needs databricks.jdbc-url: a Databricks SQL warehouse "
                    + "always needs oauth (a service principal) or token (a personal access token)");
        }
        Properties credentials = credentials(settings, auth);
        String host = databricksHost(settings.require("databricks.host"));
        String httpPath = settings.require("databricks.http-path").trim();
        if (!HTTP_PATH.matcher(httpPath).matches()) {
            throw new ConfigurationException("Setting databricks.http-path: '" + httpPath
                    + "' is not an HTTP path such as /sql/1.0/warehouses/abc123 (copy it from the warehouse's Connection details)");
        }
        int port = (int) settings.number("databricks.port", DEFAULT_PORT, 1, 65_535);
        if (port != DEFAULT_PORT && auth.equals("oauth")) {
            // The driver's OAuth sign-in, and the calls after it, go to the host's port 443 whatever the URL says.
            throw new ConfigurationException("Setting databricks.port=" + port + " cannot be used with databricks.auth=oauth: the "
                    + "Databricks driver signs a service principal in on port 443 whatever the port; reach the warehouse on 443, "
                    + "or use databricks.auth=token");
        }
        String protocol = protocol(settings);
        List<String> options = jdbcOptions(settings);
        String authOptions = auth.equals("oauth") ? "AuthMech=11;Auth_Flow=1" : "AuthMech=3";
        StringBuilder url = new StringBuilder("jdbc:databricks://").append(host).append(':').append(port)
                .append("/default;transportMode=http;ssl=1;httpPath=").append(httpPath).append(';').append(authOptions)
                .append(";UseThriftClient=").append(protocol.equals("thrift") ? 1 : 0)
                // The driver's Arrow path turns a TIMESTAMP into the session zone's wall clock and that into a
                // java.sql.Timestamp in the JVM's zone: the two zones must agree, and the JVM's is UTC (SourceTimeZone).
                .append(";TIMEZONE=UTC");
        if (options.stream().noneMatch(option -> nameOf(option).equalsIgnoreCase("socketTimeout"))) {
            url.append(";socketTimeout=").append(SOCKET_TIMEOUT_SECONDS);
        }
        options.forEach(option -> url.append(';').append(option));
        // The options stay out of the description: they may hold a trust store's password.
        String shownHost = port == DEFAULT_PORT ? host : host + ":" + port;
        return new UrlDataSource(url.toString(), credentials,
                "Databricks " + shownHost + httpPath + " (" + auth + ", " + DatabricksCloud.of(host) + ")", auth);
    }

    /** {@code databricks.protocol}: rest (the SQL Statement Execution API, the default) or thrift. */
    private static String protocol(Settings settings) {
        String protocol = settings.string("databricks.protocol", "rest").trim();
        return switch (protocol.toLowerCase(Locale.ROOT)) {
            case "rest" -> "rest";
            case "thrift" -> "thrift";
            default -> throw new ConfigurationException("Setting databricks.protocol must be rest or thrift, not '" + protocol + "'");
        };
    }

    /**
     * {@code databricks.jdbc-options}: more driver options for the built URL, {@code Name=value;Name=value}, each checked
     * and given back as {@code Name=value}. Messages name an option, never its value: a value may be a password. The
     * options the built URL sets itself are refused, naming the setting that controls them; {@code socketTimeout} may be
     * given, and then replaces the program's own.
     */
    private static List<String> jdbcOptions(Settings settings) {
        Optional<String> value = settings.optional("databricks.jdbc-options");
        if (value.isEmpty()) {
            return List.of();
        }
        String[] parts = value.get().split(";", -1);
        List<String> options = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            if (equals < 0) {
                // Not shown: a ';' inside a password would leave a piece of it here.
                throw new ConfigurationException("Setting databricks.jdbc-options: part " + (i + 1)
                        + " is not Name=value (it has no '='; a value cannot hold ';')");
            }
            String name = part.substring(0, equals).trim();
            String optionValue = part.substring(equals + 1).trim();
            if (!OPTION_NAME.matcher(name).matches()) {
                // Not shown either: a ';' inside a password would make a piece of it look like an option's name.
                throw new ConfigurationException("Setting databricks.jdbc-options: part " + (i + 1)
                        + " does not start with an option name (a letter, then letters, digits, _, . or -)");
            }
            if (optionValue.isEmpty()) {
                throw new ConfigurationException("Setting databricks.jdbc-options: option " + name + " has no value");
            }
            String setBy = SET_BY_THE_PROGRAM.get(name.toLowerCase(Locale.ROOT));
            if (setBy != null) {
                throw new ConfigurationException("Setting databricks.jdbc-options cannot give " + name + ": " + setBy);
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new ConfigurationException("Setting databricks.jdbc-options gives option " + name + " twice");
            }
            options.add(name + "=" + optionValue);
        }
        return List.copyOf(options);
    }

    private static String nameOf(String option) {
        return option.substring(0, option.indexOf('='));
    }

    /** The credentials as connection properties: they never go into the URL, which appears in messages. */
    private static Properties credentials(Settings settings, String auth) {
        Properties credentials = new Properties();
        switch (auth) {
            case "oauth" -> {
                // OAuth machine-to-machine: the service principal's client id and secret, as Insider's own connector uses.
                credentials.setProperty("OAuth2ClientId", settings.require("databricks.client-id"));
                credentials.setProperty("OAuth2Secret", settings.require("databricks.client-secret"));
            }
            case "token" -> {
                credentials.setProperty("UID", "token");
                credentials.setProperty("PWD", settings.require("databricks.token"));
            }
            case "none" -> {
                // an endpoint that asks for no credentials
            }
            default -> throw new ConfigurationException("Setting databricks.auth must be oauth, token or none, not '" + auth + "'");
        }
        return credentials;
    }

    /** Loads the driver class so that DriverManager knows it, or says how to add it. */
    private static void loadDriver(String className) {
        try {
            Class.forName(className.trim(), true, SourceConnections.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException("Setting databricks.jdbc-driver: class " + className.trim() + " is not on the class path "
                    + "(with camel run, add its jar with --dep; the Databricks driver is " + DATABRICKS_DRIVER + " from com.databricks:databricks-jdbc)");
        }
    }

    /**
     * Makes the JDBC drivers on the application's class path known to DriverManager, which finds only those of the
     * class path the JVM started with: under camel run, the jars given with --dep are in a class loader of their own.
     * A driver registers itself when its class is loaded.
     */
    private static void registerDrivers() {
        Iterator<Driver> drivers = ServiceLoader.load(Driver.class, SourceConnections.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!drivers.hasNext()) {
                    return;
                }
                drivers.next();
            } catch (ServiceConfigurationError e) {
                // A driver that cannot be loaded here is not one this URL needs; DriverManager says so if it is.
            }
        }
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
        registerDrivers();
        Properties credentials = new Properties();
        settings.optional("source.jdbc-user").ifPresent(user -> credentials.setProperty("user", user));
        settings.optional("source.jdbc-password").ifPresent(password -> credentials.setProperty("password", password));
        return new UrlDataSource(url, credentials, shown(url));
    }

    /**
     * A URL as messages show it. Drivers accept options (credentials among them) after ';' or '?': those are left out;
     * a password before the host ({@code //user:password@host}) is masked.
     */
    private static String shown(String url) {
        return Secrets.maskUrl(url).replaceFirst("[;?].*$", "");
    }
}
