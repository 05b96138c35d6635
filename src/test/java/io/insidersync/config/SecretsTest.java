package io.insidersync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.support.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void forget() {
        Secrets.remember(TestSettings.of());
    }

    @Test
    void everySecretSettingIsMaskedWhereverTheTextCameFrom() {
        Secrets.remember(TestSettings.of("insider.request-token=ins-token-1", "databricks.client-secret=client-secret-2",
                "databricks.token=dapi-3", "source.jdbc-password=jdbc-pass-4", "insider.partner-name=mybrand"));

        assertEquals("Insider answered HTTP 400: {\"error\":\"token ****** is not valid\"}",
                Secrets.redact("Insider answered HTTP 400: {\"error\":\"token ins-token-1 is not valid\"}"));
        assertEquals("a ******, b ******, c ******; partner mybrand",
                Secrets.redact("a client-secret-2, b dapi-3, c jdbc-pass-4; partner mybrand"));
        assertNull(Secrets.redact((String) null));
    }

    @Test
    void thePasswordsInsideTheJdbcUrlsAreSecretsToo() {
        Secrets.remember(TestSettings.of(
                "source.jdbc-url=jdbc:postgresql://sync:userinfo-pw@db.example.com:5432/crm?ssl=true&password=param-pw",
                "databricks.jdbc-url=jdbc:databricks://h.cloud.databricks.com:443/default;transportMode=http;PWD=pwd-value;AuthMech=3"));

        assertEquals("No suitable driver found for jdbc:postgresql://sync:******@db.example.com:5432/crm?ssl=true&password=******",
                Secrets.redact("No suitable driver found for jdbc:postgresql://sync:userinfo-pw@db.example.com:5432/crm?ssl=true&password=param-pw"));
        assertEquals("jdbc:databricks://h.cloud.databricks.com:443/default;transportMode=http;PWD=******;AuthMech=3",
                Secrets.redact("jdbc:databricks://h.cloud.databricks.com:443/default;transportMode=http;PWD=pwd-value;AuthMech=3"));
    }

    @Test
    void thePasswordsAmongTheDriverOptionsAreSecretsToo() {
        Secrets.remember(TestSettings.of("databricks.jdbc-options=SSLTrustStorePwd=trust-pass-5;SSLTrustStoreType=PKCS12;ProxyPwd=proxy-pass-6"));

        assertEquals("Connection failure: jdbc:databricks://h:443/default;SSLTrustStorePwd=******;SSLTrustStoreType=PKCS12;ProxyPwd=******",
                Secrets.redact("Connection failure: jdbc:databricks://h:443/default;SSLTrustStorePwd=trust-pass-5;SSLTrustStoreType=PKCS12;"
                        + "ProxyPwd=proxy-pass-6"));
    }

    @Test
    void theUrlFormsThatCarryAPassword() {
        assertEquals(List.of("p1"), Secrets.inJdbcUrl("jdbc:h2:file:/var/sync/source;USER=sync;PASSWORD=p1"));
        assertEquals(List.of("p2"), Secrets.inJdbcUrl("jdbc:mysql://db:3306/crm?user=sync&password=p2&useSSL=true"));
        assertEquals(List.of("p3"), Secrets.inJdbcUrl("jdbc:databricks://h:443/default;AuthMech=3;UID=token;PWD=p3"));
        assertEquals(List.of("p4", "p5"), Secrets.inJdbcUrl("jdbc:hive2://h:10000/default;OAuth2Secret=p4;sslTrustStorePassword=p5"));
        assertEquals(List.of("p6;with;separators"), Secrets.inJdbcUrl("jdbc:sqlserver://h:1433;databaseName=crm;password={p6;with;separators}"));
        assertEquals(List.of("p7"), Secrets.inJdbcUrl("jdbc:postgresql://sync:p7@db:5432/crm"));
        assertEquals(List.of("tiger"), Secrets.inJdbcUrl("jdbc:oracle:thin:scott/tiger@//db:1521/crm"));
        assertEquals(List.of("p8"), Secrets.inJdbcUrl("jdbc:databricks://h:443/default;Auth_AccessToken=p8;EnableTokenCache=0"));
        assertEquals(List.of(), Secrets.inJdbcUrl("jdbc:databricks://h:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc;AuthMech=11;socketTimeout=120"));
        assertEquals(List.of(), Secrets.inJdbcUrl("jdbc:h2:tcp://127.0.0.1:9092/demo;DB_CLOSE_DELAY=-1"));
    }

    @Test
    void theCredentialsAmongDriverOptionsAreTheirWholeValues() {
        assertEquals(List.of("Pa&ss99", "r3fresh", "phr:ase", "k&y"), Secrets.inDriverOptions("SSLTrustStore=/etc/t.p12;SSLTrustStorePwd=Pa&ss99;"
                + "Auth_RefreshToken=r3fresh;TokenCachePassPhrase=phr:ase;Auth_JWT_Key_Passphrase=k&y;EnableTokenCache=0;EnableTelemetry=0"));
        assertEquals(List.of(), Secrets.inDriverOptions("SSLTrustStoreType=PKCS12;socketTimeout=60"));
    }

    @Test
    void aUrlShownInAMessageHasItsPasswordsMaskedEvenWhenNothingWasRemembered() {
        assertEquals("jdbc:postgresql://sync:******@db:5432/crm?password=******", Secrets.maskUrl("jdbc:postgresql://sync:p7@db:5432/crm?password=p9"));
        assertEquals("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", Secrets.maskUrl("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"));
    }

    @Test
    void aShortSecretIsMaskedWhereItStandsAloneNotInsideLongerWords() {
        Secrets.remember(TestSettings.of("source.jdbc-password=test"));

        assertEquals("latest ******_table ******; contest", Secrets.redact("latest test_table test; contest"));
    }

    @Test
    void aSecretThatHoldsAnotherIsMaskedWhole() {
        Secrets.remember(TestSettings.of("insider.request-token=abc-123", "source.jdbc-password=abc"));

        assertEquals("****** and ******", Secrets.redact("abc-123 and abc"));
    }

    @Test
    void aJsonAnswerKeepsItsShapeWithTheSecretsMasked() throws Exception {
        Secrets.remember(TestSettings.of("insider.request-token=ins-token-1"));
        JsonNode answer = JSON.readTree("{\"users.0.email\":[\"bad ins-token-1\"],\"ins-token-1\":\"x\",\"count\":2}");

        assertEquals(JSON.readTree("{\"users.0.email\":[\"bad ******\"],\"******\":\"x\",\"count\":2}"), Secrets.redact(answer));
    }

    @Test
    void withNothingRememberedTextsStayAsTheyAre() {
        assertEquals("Insider answered HTTP 400: token abc", Secrets.redact("Insider answered HTTP 400: token abc"));
    }
}
