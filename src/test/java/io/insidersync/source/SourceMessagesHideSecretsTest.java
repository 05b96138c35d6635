package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Secrets;
import io.insidersync.config.Settings;
import io.insidersync.support.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the source says when it cannot connect or a statement fails: never a password, wherever the driver put it. */
class SourceMessagesHideSecretsTest {

    private static final String USER_INFO_PASSWORD = "userinfo-pw-41c7";
    private static final String PARAMETER_PASSWORD = "param-pw-9e02";
    private static final String SOURCE_PASSWORD = "source-pw-d3a8";
    /** No driver on the class path takes this URL: DriverManager repeats it whole in its message. */
    private static final String URL = "jdbc:postgresql://sync:" + USER_INFO_PASSWORD + "@127.0.0.1:1/crm?password=" + PARAMETER_PASSWORD;

    @AfterEach
    void forget() {
        Secrets.remember(TestSettings.of());
    }

    private static UrlDataSource source() {
        Settings settings = TestSettings.of("source.jdbc-url=" + URL, "source.jdbc-user=sync", "source.jdbc-password=" + SOURCE_PASSWORD);
        Secrets.remember(settings);
        return SourceConnections.create(settings, SourceKind.JDBC);
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : new String[] {USER_INFO_PASSWORD, PARAMETER_PASSWORD, SOURCE_PASSWORD}) {
            assertFalse(text.contains(secret), "the text shows " + secret + ": " + text);
        }
    }

    private static String printed(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    @Test
    void theSourceIsDescribedWithThePasswordBeforeItsHostMasked() {
        assertEquals("jdbc:postgresql://sync:******@127.0.0.1:1/crm", source().description());
    }

    @Test
    void aFailedConnectionSaysWhatTheDriverSaidWithTheUrlsPasswordsMaskedInItAndInItsStackTrace() {
        SQLException failure = assertThrows(SQLException.class, () -> source().getConnection());

        assertEquals("No suitable driver found for jdbc:postgresql://sync:******@127.0.0.1:1/crm?password=******", failure.getMessage());
        assertEquals("08001", failure.getSQLState(), "the SQLState is kept");
        assertNoSecretIn(printed(failure));
        assertNoSecretIn(SqlErrors.summary(failure));
    }

    @Test
    void aDatabricksUrlThatIsNotJdbcIsNamedWithoutItsPassword() {
        Settings settings = TestSettings.of("databricks.jdbc-url=https://sync:" + USER_INFO_PASSWORD + "@h.cloud.databricks.com/sql", "databricks.auth=none");
        ConfigurationException notJdbc = assertThrows(ConfigurationException.class, () -> SourceConnections.create(settings, SourceKind.DATABRICKS));

        assertEquals("Setting databricks.jdbc-url must start with jdbc:, not 'https://sync:******@h.cloud.databricks.com/sql'", notJdbc.getMessage());
    }

    @Test
    void aDriversMessageIsMaskedBeforeItIsCutToLength() {
        source();
        // 605 characters, cut at 600: the cut would fall inside the password.
        String message = "x".repeat(590) + " " + SOURCE_PASSWORD;

        String summary = SqlErrors.summary(new SQLException(message));

        assertEquals("x".repeat(590) + " ******", summary);
    }

    @Test
    void aFailureWithNoSecretInItTravelsOnUnchanged() {
        source();
        SQLException failure = new SQLException("Table purchase_changes not found", "42S02", 42102, new IllegalStateException("cause"));

        assertSame(failure, SqlErrors.withoutSecrets(failure));
    }

    @Test
    void aMaskedCopyLeavesOutACauseThatHoldsASecretAndKeepsTheErrorCode() {
        source();
        SQLException failure = new SQLException("Could not open client transport with JDBC Uri: " + URL, "08S01", 17,
                new IllegalStateException("connecting to " + URL));

        SQLException masked = SqlErrors.withoutSecrets(failure);

        assertNoSecretIn(printed(masked));
        assertEquals(17, masked.getErrorCode());
        assertEquals("08S01", masked.getSQLState());
        assertNull(masked.getCause());
        assertEquals(failure.getStackTrace()[0], masked.getStackTrace()[0], "the stack trace says where it came from");
    }
}
