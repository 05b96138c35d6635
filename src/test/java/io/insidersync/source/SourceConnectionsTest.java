package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;

import com.databricks.jdbc.api.impl.DatabricksConnectionContextFactory;
import com.databricks.jdbc.api.internal.IDatabricksConnectionContext;
import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceConnectionsTest {

    private static final String CLIENT_ID = "63fc7e90-a8a2-4639-afd8-36ef6bb67cfa";
    private static final String CLIENT_SECRET = "dose-client-secret-5c1e";
    private static final String TOKEN = "dapi-token-secret-77a0";

    private static Settings settings(String... keyValues) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }

    /** A warehouse with both kinds of secret set, so that each test also shows the one not asked for is not passed on. */
    private static UrlDataSource databricks(String host, String auth, String... more) {
        String[] base = {"databricks.host", host, "databricks.http-path", "/sql/1.0/warehouses/abc123", "databricks.auth", auth,
                "databricks.client-id", CLIENT_ID, "databricks.client-secret", CLIENT_SECRET, "databricks.token", TOKEN};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return SourceConnections.create(settings(all), SourceKind.DATABRICKS);
    }

    private static void assertNoSecretIn(String text) {
        assertFalse(text.contains(CLIENT_SECRET) || text.contains(TOKEN), "a secret is in: " + text);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource(delimiter = '|', textBlock = """
            dbc-a1b2c3d4-e5f6.cloud.databricks.com     | oauth | AWS   | jdbc:databricks://dbc-a1b2c3d4-e5f6.cloud.databricks.com:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc123;AuthMech=11;Auth_Flow=1;UseThriftClient=0;TIMEZONE=UTC;socketTimeout=120
            adb-1234567890123456.7.azuredatabricks.net | oauth | AZURE | jdbc:databricks://adb-1234567890123456.7.azuredatabricks.net:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc123;AuthMech=11;Auth_Flow=1;UseThriftClient=0;TIMEZONE=UTC;socketTimeout=120
            1234567890123456.7.gcp.databricks.com      | oauth | GCP   | jdbc:databricks://1234567890123456.7.gcp.databricks.com:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc123;AuthMech=11;Auth_Flow=1;UseThriftClient=0;TIMEZONE=UTC;socketTimeout=120
            dbc-a1b2c3d4-e5f6.cloud.databricks.com     | token | AWS   | jdbc:databricks://dbc-a1b2c3d4-e5f6.cloud.databricks.com:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc123;AuthMech=3;UseThriftClient=0;TIMEZONE=UTC;socketTimeout=120
            adb-1234567890123456.7.azuredatabricks.net | token | AZURE | jdbc:databricks://adb-1234567890123456.7.azuredatabricks.net:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc123;AuthMech=3;UseThriftClient=0;TIMEZONE=UTC;socketTimeout=120
            1234567890123456.7.gcp.databricks.com      | token | GCP   | jdbc:databricks://1234567890123456.7.gcp.databricks.com:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc123;AuthMech=3;UseThriftClient=0;TIMEZONE=UTC;socketTimeout=120
            """)
    void everyCloudAndAuthGetsItsUrlAndTheSecretTravelsOnlyAsAConnectionProperty(String host, String auth, DatabricksCloud cloud, String url)
            throws Exception {
        UrlDataSource source = databricks(host, auth);

        assertEquals(url, source.url());
        Map<Object, Object> expected = auth.equals("oauth") ? Map.of("OAuth2ClientId", CLIENT_ID, "OAuth2Secret", CLIENT_SECRET)
                : Map.of("UID", "token", "PWD", TOKEN);
        assertEquals(expected, Map.copyOf(source.connectionProperties()), "exactly the credentials of databricks.auth=" + auth);
        assertEquals("Databricks " + host + "/sql/1.0/warehouses/abc123 (" + auth + ", " + cloud + ")", source.description());
        assertNoSecretIn(source.url());
        assertNoSecretIn(source.description());
        assertNoSecretIn(source.toString());

        assertEquals("com.databricks.client.jdbc.Driver", DriverManager.getDriver(url).getClass().getName(), "the Databricks driver does not take " + url);
        // The driver's own reading of the URL and properties (without connecting): what it would connect to, and how.
        IDatabricksConnectionContext read = DatabricksConnectionContextFactory.create(url, source.connectionProperties());
        assertEquals("https://" + host + ":443", read.getHostUrl());
        assertEquals("/sql/1.0/warehouses/abc123", read.getHttpPath());
        assertEquals(cloud.name(), read.getCloud().name(), "the driver tells the cloud from the host as DatabricksCloud does");
        assertEquals(SourceConnections.SOCKET_TIMEOUT_SECONDS, read.getSocketTimeout());
        assertEquals("SEA", read.getClientType().name(), "rest: the SQL Statement Execution API, not the Thrift client");
        assertEquals(Map.of("timezone", "UTC"), read.getSessionConfigs(), "the session's time zone, the JVM's");
        if (auth.equals("oauth")) {
            assertEquals("OAUTH", read.getAuthMech().name());
            assertEquals("CLIENT_CREDENTIALS", read.getAuthFlow().name(), "machine to machine: the service principal's id and secret");
            assertEquals(CLIENT_ID, read.getNullableClientId());
            assertEquals(CLIENT_SECRET, read.getClientSecret());
        } else {
            assertEquals("PAT", read.getAuthMech().name());
            assertEquals(TOKEN, read.getToken());
        }
    }

    @Test
    void theHostIsTakenAsTheWorkspaceShowsIt() {
        UrlDataSource source = databricks(" https://ADB-1234567890123456.7.azuredatabricks.net/ ", "oauth");

        assertTrue(source.url().startsWith("jdbc:databricks://ADB-1234567890123456.7.azuredatabricks.net:443/default;"), source.url());
        assertTrue(source.description().endsWith("(oauth, AZURE)"), source.description());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            dbc-a1b2c3d4-e5f6.cloud.databricks.com     | AWS
            DBC-A1B2C3D4-E5F6.Cloud.Databricks.COM     | AWS
            adb-1234567890123456.7.azuredatabricks.net | AZURE
            1234567890123456.7.gcp.databricks.com      | GCP
            databricks.example.com                     | UNKNOWN
            cloud.databricks.com.example.org           | UNKNOWN
            localhost                                  | UNKNOWN
            """)
    void theCloudIsToldByTheHostName(String host, DatabricksCloud cloud) {
        assertEquals(cloud, DatabricksCloud.of(host));
    }

    @Test
    void anUnknownCloudIsNamedAsSuchAndStillConnects() {
        assertEquals("AWS", DatabricksCloud.AWS.toString());
        UrlDataSource source = databricks("databricks.internal.example.com", "token");

        assertTrue(source.description().endsWith("(token, workspace cloud not recognised from the host name)"), source.description());
        assertEquals("jdbc:databricks://databricks.internal.example.com:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc123;AuthMech=3;"
                + "UseThriftClient=0;TIMEZONE=UTC;socketTimeout=120", source.url());
    }

    @Test
    void anotherPortIsInTheUrlAndTheDescription() throws Exception {
        UrlDataSource source = databricks("dbc-a1b2c3d4-e5f6.cloud.databricks.com", "token", "databricks.port", " 8443 ");

        assertTrue(source.url().startsWith("jdbc:databricks://dbc-a1b2c3d4-e5f6.cloud.databricks.com:8443/default;"), source.url());
        assertEquals("Databricks dbc-a1b2c3d4-e5f6.cloud.databricks.com:8443/sql/1.0/warehouses/abc123 (token, AWS)", source.description());
        IDatabricksConnectionContext read = DatabricksConnectionContextFactory.create(source.url(), source.connectionProperties());
        assertEquals("https://dbc-a1b2c3d4-e5f6.cloud.databricks.com:8443", read.getHostUrl());
    }

    @ParameterizedTest(name = "databricks.port={0}")
    @CsvSource(delimiter = '|', textBlock = """
            0      | Setting databricks.port must be between 1 and 65535, not 0
            65536  | Setting databricks.port must be between 1 and 65535, not 65536
            -1     | Setting databricks.port must be between 1 and 65535, not -1
            https  | Setting databricks.port must be a whole number, not 'https'
            443.0  | Setting databricks.port must be a whole number, not '443.0'
            """)
    void aPortThatIsNotOneIsNamedWithItsValue(String port, String message) {
        ConfigurationException wrong = assertThrows(ConfigurationException.class,
                () -> databricks("h.cloud.databricks.com", "token", "databricks.port", port));

        assertEquals(message, wrong.getMessage());
    }

    @ParameterizedTest(name = "databricks.protocol={0}")
    @CsvSource(delimiter = '|', textBlock = """
            rest       | 0 | SEA
            ' REST '   | 0 | SEA
            thrift     | 1 | THRIFT
            Thrift     | 1 | THRIFT
            """)
    void theProtocolChoosesTheDriversClient(String protocol, String useThriftClient, String clientType) throws Exception {
        UrlDataSource source = databricks("dbc-a1b2c3d4-e5f6.cloud.databricks.com", "oauth", "databricks.protocol", protocol);

        assertTrue(source.url().endsWith(";AuthMech=11;Auth_Flow=1;UseThriftClient=" + useThriftClient + ";TIMEZONE=UTC;socketTimeout=120"),
                source.url());
        IDatabricksConnectionContext read = DatabricksConnectionContextFactory.create(source.url(), source.connectionProperties());
        assertEquals(clientType, read.getClientType().name());
        assertEquals(Map.of("timezone", "UTC"), read.getSessionConfigs());
    }

    @Test
    void aProtocolThatIsNotOneIsRefused() {
        ConfigurationException wrong = assertThrows(ConfigurationException.class,
                () -> databricks("h.cloud.databricks.com", "token", "databricks.protocol", " http "));

        assertEquals("Setting databricks.protocol must be rest or thrift, not 'http'", wrong.getMessage());
    }

    @Test
    void jdbcOptionsFollowTheBuiltUrlAndStayOutOfMessages() throws Exception {
        UrlDataSource source = databricks("dbc-a1b2c3d4-e5f6.cloud.databricks.com", "oauth", "databricks.jdbc-options",
                " SSLTrustStore=/etc/sync/truststore.p12; SSLTrustStorePwd = trust-store-pass-9c2 ;SSLTrustStoreType=PKCS12;EnableTelemetry=0; ");

        assertEquals("jdbc:databricks://dbc-a1b2c3d4-e5f6.cloud.databricks.com:443/default;transportMode=http;ssl=1;"
                + "httpPath=/sql/1.0/warehouses/abc123;AuthMech=11;Auth_Flow=1;UseThriftClient=0;TIMEZONE=UTC;socketTimeout=120;"
                + "SSLTrustStore=/etc/sync/truststore.p12;SSLTrustStorePwd=trust-store-pass-9c2;SSLTrustStoreType=PKCS12;EnableTelemetry=0",
                source.url());
        assertEquals("Databricks dbc-a1b2c3d4-e5f6.cloud.databricks.com/sql/1.0/warehouses/abc123 (oauth, AWS)", source.description());
        for (String shown : new String[] {source.description(), source.toString()}) {
            assertFalse(shown.contains("trust-store-pass-9c2") || shown.contains("SSLTrustStore"), shown);
        }
        // The driver reads them as its own.
        IDatabricksConnectionContext read = DatabricksConnectionContextFactory.create(source.url(), source.connectionProperties());
        assertEquals("/etc/sync/truststore.p12", read.getSSLTrustStore());
        assertEquals("trust-store-pass-9c2", read.getSSLTrustStorePassword());
        assertEquals("PKCS12", read.getSSLTrustStoreType());
        assertEquals("SEA", read.getClientType().name());
    }

    @Test
    void aSocketTimeoutOfTheOptionsReplacesTheProgramsOwn() throws Exception {
        UrlDataSource source = databricks("dbc-a1b2c3d4-e5f6.cloud.databricks.com", "token", "databricks.jdbc-options",
                "EnableTelemetry=0;SOCKETTIMEOUT=300");

        assertTrue(source.url().endsWith(";AuthMech=3;UseThriftClient=0;TIMEZONE=UTC;EnableTelemetry=0;SOCKETTIMEOUT=300"), source.url());
        assertEquals(1, source.url().toLowerCase(java.util.Locale.ROOT).split("sockettimeout=", -1).length - 1, source.url());
        assertEquals(300, DatabricksConnectionContextFactory.create(source.url(), source.connectionProperties()).getSocketTimeout());
    }

    @Test
    void aPortOtherThan443IsRefusedForAServicePrincipal() {
        ConfigurationException wrong = assertThrows(ConfigurationException.class,
                () -> databricks("dbc-a1b2c3d4-e5f6.cloud.databricks.com", "oauth", "databricks.port", "8443"));

        assertTrue(wrong.getMessage().startsWith("Setting databricks.port=8443 cannot be used with databricks.auth=oauth"), wrong.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            EnableTelemetry                                   | Setting databricks.jdbc-options: part 1 is not Name=value (it has no '='; a value cannot hold ';')
            SSLTrustStorePwd=ab;cd-secret-part                | Setting databricks.jdbc-options: part 2 is not Name=value (it has no '='; a value cannot hold ';')
            SSLTrustStorePwd=                                 | Setting databricks.jdbc-options: option SSLTrustStorePwd has no value
            EnableTelemetry=0;=1                              | Setting databricks.jdbc-options: part 2 does not start with an option name (a letter, then letters, digits, _, . or -)
            1Option=1                                         | Setting databricks.jdbc-options: part 1 does not start with an option name (a letter, then letters, digits, _, . or -)
            SSLTrustStorePwd=ab;cd secret-part=x              | Setting databricks.jdbc-options: part 2 does not start with an option name (a letter, then letters, digits, _, . or -)
            ssl=0                                             | Setting databricks.jdbc-options cannot give ssl: TLS verification stays on: the built URL always uses ssl=1; to trust a private CA, give its certificate in a trust store with SSLTrustStore, SSLTrustStorePwd and SSLTrustStoreType
            AllowSelfSignedCerts=1                            | Setting databricks.jdbc-options cannot give AllowSelfSignedCerts: TLS verification stays on: the built URL always uses ssl=1; to trust a private CA, give its certificate in a trust store with SSLTrustStore, SSLTrustStorePwd and SSLTrustStoreType
            EnableTelemetry=0;enabletelemetry=1               | Setting databricks.jdbc-options gives option enabletelemetry twice
            httpPath=/sql/other                               | Setting databricks.jdbc-options cannot give httpPath: set databricks.http-path
            AuthMech=3                                        | Setting databricks.jdbc-options cannot give AuthMech: set databricks.auth
            auth_flow=0                                       | Setting databricks.jdbc-options cannot give auth_flow: set databricks.auth
            transportMode=binary                              | Setting databricks.jdbc-options cannot give transportMode: the driver speaks only HTTP (transportMode=http)
            useThriftClient=1                                 | Setting databricks.jdbc-options cannot give useThriftClient: set databricks.protocol (rest or thrift)
            TimeZone=Europe/Istanbul                          | Setting databricks.jdbc-options cannot give TimeZone: the session time zone is pinned to UTC, the JVM's zone, because the driver turns a TIMESTAMP into a java.sql.Timestamp through the session zone's wall clock
            """)
    void aJdbcOptionThatIsWrongOrTheProgramsOwnIsRefusedWithoutItsValue(String options, String message) {
        ConfigurationException wrong = assertThrows(ConfigurationException.class,
                () -> databricks("h.cloud.databricks.com", "token", "databricks.jdbc-options", options));

        assertEquals(message, wrong.getMessage());
        assertFalse(wrong.getMessage().contains("secret-part") || wrong.getMessage().contains("/sql/other")
                || wrong.getMessage().contains("Istanbul"), wrong.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UID=user-7f1", "PWD=dapi-inline-7f1", "OAuth2ClientId=client-7f1", "oauth2secret=inline-secret-7f1"})
    void credentialsInTheJdbcOptionsAreRefused(String option) {
        ConfigurationException wrong = assertThrows(ConfigurationException.class,
                () -> databricks("h.cloud.databricks.com", "oauth", "databricks.jdbc-options", "EnableTelemetry=0;" + option));

        assertEquals("Setting databricks.jdbc-options cannot give " + option.substring(0, option.indexOf('='))
                + ": credentials come from databricks.token, or databricks.client-id and databricks.client-secret "
                + "(DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET in the environment), not from databricks.jdbc-options", wrong.getMessage());
        assertFalse(wrong.getMessage().contains(option.substring(option.indexOf('=') + 1)), wrong.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"databricks.jdbc-options, EnableTelemetry=0", "databricks.port, 10001", "databricks.protocol, thrift"})
    void settingsOfTheBuiltUrlAreRefusedWithAJdbcUrlOfItsOwn(String setting, String value) {
        ConfigurationException wrong = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.jdbc-url", "jdbc:hive2://127.0.0.1:10000/default", "databricks.auth", "none", setting, value), SourceKind.DATABRICKS));

        assertEquals("Setting " + setting + " applies only to the URL built from databricks.host and databricks.http-path: with "
                + "databricks.jdbc-url, write the driver's options into that URL", wrong.getMessage());
    }

    @Test
    void aJdbcUrlIsUsedAsGivenAndShownWithoutItsOptions() {
        UrlDataSource hive = SourceConnections.create(settings("databricks.jdbc-url", " jdbc:hive2://127.0.0.1:10000/default;password=inline-1 ",
                "databricks.auth", "none"), SourceKind.DATABRICKS);
        assertEquals("jdbc:hive2://127.0.0.1:10000/default;password=inline-1", hive.url());
        assertTrue(hive.connectionProperties().isEmpty(), "databricks.auth=none passes no credentials");
        assertEquals("jdbc:hive2://127.0.0.1:10000/default (none)", hive.description());

        UrlDataSource query = SourceConnections.create(settings("databricks.jdbc-url", "jdbc:example://db:1/x?user=u&password=inline-2",
                "databricks.auth", "none"), SourceKind.DATABRICKS);
        assertEquals("jdbc:example://db:1/x (none)", query.description());

        // With a URL of its own, oauth and token still take their secrets from the settings, as connection properties.
        UrlDataSource token = SourceConnections.create(settings("databricks.jdbc-url", "jdbc:databricks://h.cloud.databricks.com:443/default;httpPath=/sql/x;AuthMech=3",
                "databricks.host", "ignored.cloud.databricks.com", "databricks.auth", "token", "databricks.token", TOKEN), SourceKind.DATABRICKS);
        assertEquals("jdbc:databricks://h.cloud.databricks.com:443/default;httpPath=/sql/x;AuthMech=3", token.url());
        assertEquals(Map.of("UID", "token", "PWD", TOKEN), Map.copyOf(token.connectionProperties()));
        assertEquals("jdbc:databricks://h.cloud.databricks.com:443/default (token)", token.description());
    }

    @Test
    void aJdbcUrlAndDriverOfAnotherEndpointConnect() throws Exception {
        UrlDataSource source = SourceConnections.create(settings("databricks.jdbc-url", "jdbc:h2:mem:other-endpoint;DB_CLOSE_DELAY=0",
                "databricks.jdbc-driver", "org.h2.Driver", "databricks.auth", "none"), SourceKind.DATABRICKS);

        try (Connection connection = source.getConnection(); ResultSet one = connection.createStatement().executeQuery("SELECT 1")) {
            assertTrue(one.next());
            assertEquals(1, one.getInt(1));
        }
        assertEquals("jdbc:h2:mem:other-endpoint (none)", source.description());
    }

    @Test
    void aJdbcUrlThatIsNotOneIsRefusedWithoutShowingItsOptions() {
        ConfigurationException notJdbc = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.jdbc-url", "https://h.cloud.databricks.com/sql;PWD=inline-3", "databricks.auth", "none"), SourceKind.DATABRICKS));

        assertEquals("Setting databricks.jdbc-url must start with jdbc:, not 'https://h.cloud.databricks.com/sql'", notJdbc.getMessage());
    }

    @Test
    void aDriverClassNotOnTheClassPathIsNamedWithItsSetting() {
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.jdbc-url", "jdbc:hive2://127.0.0.1:10000/default", "databricks.jdbc-driver", "org.apache.hive.jdbc.HiveDriver",
                "databricks.auth", "none"), SourceKind.DATABRICKS));

        assertTrue(missing.getMessage().startsWith("Setting databricks.jdbc-driver: class org.apache.hive.jdbc.HiveDriver is not on the class path"),
                missing.getMessage());
    }

    @Test
    void noAuthenticationNeedsAJdbcUrlOfItsOwn() {
        for (String[] keyValues : new String[][] {{"databricks.auth", "none"},
                {"databricks.auth", "NONE", "databricks.host", "h.cloud.databricks.com", "databricks.http-path", "/sql/x"}}) {
            ConfigurationException none = assertThrows(ConfigurationException.class,
                    () -> SourceConnections.create(settings(keyValues), SourceKind.DATABRICKS));
            assertTrue(none.getMessage().startsWith("Setting databricks.auth=none needs databricks.jdbc-url"), none.getMessage());
        }
    }

    @Test
    void missingOrWrongConnectionSettingsAreNamed() {
        ConfigurationException noSecret = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.host", "h.cloud.databricks.com", "databricks.http-path", "/sql/x", "databricks.client-id", "id"), SourceKind.DATABRICKS));
        assertTrue(noSecret.getMessage().contains("databricks.client-secret") && noSecret.getMessage().contains("DATABRICKS_CLIENT_SECRET"));
        ConfigurationException noToken = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.host", "h.cloud.databricks.com", "databricks.http-path", "/sql/x", "databricks.auth", "token"), SourceKind.DATABRICKS));
        assertTrue(noToken.getMessage().contains("databricks.token") && noToken.getMessage().contains("DATABRICKS_TOKEN"), noToken.getMessage());
        ConfigurationException badHost = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.host", "host/with;junk", "databricks.http-path", "/sql/x", "databricks.auth", "token", "databricks.token", TOKEN),
                SourceKind.DATABRICKS));
        assertTrue(badHost.getMessage().startsWith("Setting databricks.host"));
        ConfigurationException badPath = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.host", "h.cloud.databricks.com", "databricks.http-path", "/sql/x;AuthMech=3", "databricks.auth", "token",
                "databricks.token", TOKEN), SourceKind.DATABRICKS));
        assertTrue(badPath.getMessage().startsWith("Setting databricks.http-path"), badPath.getMessage());
        ConfigurationException badAuth = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.host", "h.cloud.databricks.com", "databricks.http-path", "/sql/x", "databricks.auth", "password"), SourceKind.DATABRICKS));
        assertTrue(badAuth.getMessage().contains("databricks.auth must be oauth, token or none"));
    }

    @Test
    void aJdbcUrlIsShownWithoutItsOptions() {
        UrlDataSource source = SourceConnections.create(settings("source.jdbc-url", "jdbc:postgresql://db:5432/crm?password=oops",
                "source.jdbc-password", "pw"), SourceKind.JDBC);
        assertEquals("jdbc:postgresql://db:5432/crm", source.description());
    }
}
