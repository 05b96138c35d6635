package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.util.Properties;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class SourceConnectionsTest {

    private static Settings settings(String... keyValues) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }

    @Test
    void oauthUsesTheServicePrincipalAndKeepsTheSecretOutOfTheUrl() throws Exception {
        UrlDataSource source = SourceConnections.create(settings("databricks.host", "https://adb-1234567890123456.7.azuredatabricks.net/",
                "databricks.http-path", "/sql/1.0/warehouses/abc123", "databricks.auth", "oauth",
                "databricks.client-id", "63fc7e90-a8a2-4639-afd8-36ef6bb67cfa", "databricks.client-secret", "dose-secret"), SourceKind.DATABRICKS);

        String url = source.url();
        assertEquals("jdbc:databricks://adb-1234567890123456.7.azuredatabricks.net:443/default;transportMode=http;ssl=1;"
                + "httpPath=/sql/1.0/warehouses/abc123;AuthMech=11;Auth_Flow=1", url);
        assertTrue(source.connectionProperties().toString().contains("OAuth2Secret=dose-secret"));
        assertFalse(source.description().contains("dose-secret"));
        assertEquals("com.databricks.client.jdbc.Driver", DriverManager.getDriver(url).getClass().getName(),
                "the Databricks driver does not take this URL");
    }

    @Test
    void aPersonalAccessTokenWorksOnEveryCloud() throws Exception {
        for (String host : new String[] {"dbc-a1b2c3d4-e5f6.cloud.databricks.com", "1234567890123456.7.gcp.databricks.com"}) {
            UrlDataSource source = SourceConnections.create(settings("databricks.host", host, "databricks.http-path", "/sql/1.0/warehouses/x1",
                    "databricks.auth", "token", "databricks.token", "dapi-secret"), SourceKind.DATABRICKS);
            assertTrue(source.url().endsWith(";AuthMech=3"), source.url());
            assertTrue(source.connectionProperties().toString().contains("PWD=dapi-secret"));
            assertFalse(source.url().contains("dapi-secret"));
        }
    }

    @Test
    void missingOrWrongConnectionSettingsAreNamed() {
        ConfigurationException noSecret = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.host", "h.cloud.databricks.com", "databricks.http-path", "/sql/x", "databricks.client-id", "id"), SourceKind.DATABRICKS));
        assertTrue(noSecret.getMessage().contains("databricks.client-secret") && noSecret.getMessage().contains("DATABRICKS_CLIENT_SECRET"));
        ConfigurationException badHost = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings(
                "databricks.host", "host/with;junk", "databricks.http-path", "/sql/x"), SourceKind.DATABRICKS));
        assertTrue(badHost.getMessage().startsWith("Setting databricks.host"));
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
