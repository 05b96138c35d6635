package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The driver's words for each refusal, as the stand-in warehouse drew them from the driver. */
class SignInRefusalTest {

    private static final String TOKEN_REFUSED = "Connection failure while using the OSS Databricks JDBC driver. Failed to connect to server: "
            + "https://h:443 com.databricks.jdbc.exception.DatabricksSQLException: Error while establishing a connection in databricks: "
            + "Invalid access token. (HTTP 401)";
    private static final String SECRET_REFUSED = "Failed to connect to server: https://h:443 com.databricks.internal.sdk.core.DatabricksException: "
            + "oauth-m2m auth: Failed to refresh credentials: invalid_client. Config: host=https://h, client_secret=***";
    private static final String FORBIDDEN = "Error while establishing a connection in databricks: User does not have permission to use "
            + "warehouse abc. (HTTP 403)";

    @Test
    void aRefusedTokenNamesTheTokenSetting() {
        String advice = SignInRefusal.advice(TOKEN_REFUSED, "token").orElseThrow();
        assertTrue(advice.contains("databricks.token") && advice.contains("DATABRICKS_TOKEN"), advice);
    }

    @Test
    void aRefusedServicePrincipalNamesItsSettings() {
        String advice = SignInRefusal.advice(SECRET_REFUSED, "oauth").orElseThrow();
        assertTrue(advice.contains("databricks.client-id") && advice.contains("databricks.client-secret"), advice);
    }

    @Test
    void aForbiddenWarehouseSaysWhichGrant() {
        String advice = SignInRefusal.advice(FORBIDDEN, "oauth").orElseThrow();
        assertTrue(advice.contains("403") && advice.contains("grant it Can use on the warehouse") && advice.contains("service principal"), advice);
    }

    @Test
    void anotherRefusalWith403IsNotBlamedOnTheWarehouseGrantAlone() {
        String advice = SignInRefusal.advice("Error while establishing a connection: Source IP address: 10.1.2.3 is blocked by Databricks IP ACL "
                + "(HTTP 403)", "token").orElseThrow();
        assertTrue(advice.contains("IP access list") && advice.contains("Can use") && !advice.contains("grant it"), advice);
    }

    @Test
    void theStatusIsNamedOnlyWhenTheDriverGaveIt() {
        String advice = SignInRefusal.advice("oauth-m2m auth: Failed to refresh credentials: invalid_client", "oauth").orElseThrow();
        assertFalse(advice.contains("401"), advice);
    }

    @Test
    void otherFailuresAndOtherDatabasesAreLeftAsTheyAre() {
        assertEquals(Optional.empty(), SignInRefusal.advice("Connection refused", "token"));
        assertEquals(Optional.empty(), SignInRefusal.advice(TOKEN_REFUSED, null));
        SQLException unreachable = new SQLException("Connection refused", "08001");
        assertSame(unreachable, SignInRefusal.explained(unreachable, "token"));
    }

    @Test
    void theExplainedFailureLeadsWithTheAdviceAndKeepsTheDriversWordsAndState() {
        SQLException refused = new SQLException(TOKEN_REFUSED, "28000", 7);
        SQLException explained = SignInRefusal.explained(refused, "token");
        assertTrue(explained instanceof SignInRefusal.Refused);
        assertTrue(explained.getMessage().startsWith("Databricks refused the token (HTTP 401): check databricks.token"), explained.getMessage());
        assertTrue(explained.getMessage().endsWith(TOKEN_REFUSED));
        assertEquals("28000", explained.getSQLState());
        assertSame(refused, explained.getCause());
    }
}
