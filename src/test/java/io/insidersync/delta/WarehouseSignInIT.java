package io.insidersync.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.insidersync.support.InsiderStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in to the warehouse through the Databricks driver, as production does, each run in a JVM of its own so that
 * everything it prints can be searched for secrets: a personal access token, a service principal (OAuth
 * machine-to-machine, which the driver sends to port 443 whatever the URL says), and the refusals of each.
 */
class WarehouseSignInIT {

    private static final DeltaLake LAKE = DeltaLake.get();
    private static final WarehouseStandIn WAREHOUSE = WarehouseStandIn.get();
    private static final String TABLE = "sign_in_" + System.nanoTime();
    /** The warehouse on port 443, for OAuth; null when this machine does not let the tests bind it. */
    private static WarehouseStandIn onPort443;

    @TempDir
    Path state;

    @BeforeAll
    static void table() {
        LAKE.sql("CREATE TABLE " + TABLE + " (id INT, email STRING, name STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)",
                "INSERT INTO " + TABLE + " VALUES (1, 'signin@example.com', 'Sig')");
        try {
            onPort443 = WarehouseStandIn.start(443);
        } catch (BindException e) {
            System.out.println("SKIPPED the OAuth sign-in tests: port 443 cannot be bound here (" + e.getMessage()
                    + "); the Databricks driver sends OAuth to port 443 whatever the URL says");
        }
    }

    @AfterAll
    static void stop() {
        if (onPort443 != null) {
            onPort443.close();
        }
    }

    @BeforeEach
    void forget() {
        InsiderStandIn.reset();
        InsiderStandIn.acceptAll();
        WAREHOUSE.forget();
    }

    private DeltaSync sync(Map<String, String> source) {
        return new DeltaSync(source, TABLE, state, "sync.key-columns=id", "sync.start=version:1", "mapping.identifiers.email=email",
                "mapping.attributes.name=name");
    }

    private static Map<String, String> token(String token) {
        Map<String, String> source = new LinkedHashMap<>(WAREHOUSE.syncSettings("token"));
        source.put("databricks.token", token);
        return source;
    }

    private static WarehouseStandIn oauthWarehouse() {
        Assumptions.assumeTrue(onPort443 != null, "port 443 cannot be bound here");
        onPort443.forget();
        return onPort443;
    }

    private static Map<String, String> servicePrincipal(String secret) {
        Map<String, String> source = new LinkedHashMap<>(onPort443.syncSettings("oauth"));
        source.put("databricks.client-secret", secret);
        return source;
    }

    /** The secret is nowhere in what the program printed, nor in any request but in the one header it belongs to. */
    private static void assertOnlyIn(String secret, String header, DeltaSync sync, WarehouseStandIn warehouse) {
        assertFalse(sync.out().contains(secret), "the secret was printed: " + sync.out());
        for (WarehouseStandIn.Request request : warehouse.requests()) {
            assertFalse(request.path().contains(secret) || request.body().contains(secret), "the secret is in the request " + request);
            if (request.path().startsWith("/files/")) {
                // An external link is presigned and may point at another host: no credential of the warehouse goes there.
                assertFalse(request.header("Authorization").isPresent(), "credentials were sent with an external link: " + request);
            }
            request.headers().forEach((name, values) -> {
                if (!name.equals(header)) {
                    assertFalse(values.toString().contains(secret), "the secret is in the header " + name + " of " + request.path());
                }
            });
        }
    }

    @Test
    void aTokenSignsInAsItsBearerHeaderAndIsPrintedNowhere() {
        DeltaSync sync = sync(WAREHOUSE.syncSettings("token"));

        assertEquals(0, sync.runProcess("--once"), sync.out());

        assertEquals(1, InsiderStandIn.requests().size(), "the row reached Insider: " + sync.out());
        List<WarehouseStandIn.Request> api = WAREHOUSE.requests().stream().filter(r -> r.path().startsWith("/api/")).toList();
        assertFalse(api.isEmpty());
        api.forEach(request -> assertEquals("Bearer " + WarehouseStandIn.TOKEN, request.header("Authorization").orElse(""), request.path()));
        assertOnlyIn(WarehouseStandIn.TOKEN, "authorization", sync, WAREHOUSE);
        assertOnlyIn(WAREHOUSE.trustStorePassword(), "none", sync, WAREHOUSE);
    }

    @Test
    void aRefusedTokenStopsTheRunSayingWhichSettingToCheck() {
        String wrong = "dapi" + "0".repeat(32);
        DeltaSync sync = sync(token(wrong));

        assertEquals(1, sync.runProcess("--once"), sync.out());

        assertTrue(sync.out().contains("databricks.token"), sync.out());
        assertTrue(sync.out().contains("401"), sync.out());
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertOnlyIn(wrong, "authorization", sync, WAREHOUSE);
        assertOnlyIn(WAREHOUSE.trustStorePassword(), "none", sync, WAREHOUSE);
    }

    @Test
    void aTokenWithoutTheRightToUseTheWarehouseStopsTheRunSayingSo() {
        DeltaSync sync = sync(token(WarehouseStandIn.FORBIDDEN_TOKEN));

        assertEquals(1, sync.runProcess("--once"), sync.out());

        assertTrue(sync.out().contains("403"), sync.out());
        assertTrue(sync.out().contains("Can use on the warehouse"), sync.out());
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertOnlyIn(WarehouseStandIn.FORBIDDEN_TOKEN, "authorization", sync, WAREHOUSE);
    }

    @Test
    void aServicePrincipalSignsInWithItsClientCredentialsAndTheSecretIsPrintedNowhere() {
        WarehouseStandIn warehouse = oauthWarehouse();
        DeltaSync sync = sync(servicePrincipal(WarehouseStandIn.CLIENT_SECRET));

        assertEquals(0, sync.runProcess("--once"), sync.out());

        assertEquals(1, InsiderStandIn.requests().size(), "the row reached Insider: " + sync.out());
        String basic = "Basic " + Base64.getEncoder().encodeToString((WarehouseStandIn.CLIENT_ID + ":" + WarehouseStandIn.CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        List<WarehouseStandIn.Request> tokenRequests = warehouse.requests().stream().filter(r -> r.path().equals("/oidc/v1/token")).toList();
        assertFalse(tokenRequests.isEmpty(), "the driver asked the token endpoint: " + warehouse.requests());
        tokenRequests.forEach(request -> {
            assertEquals(basic, request.header("Authorization").orElse(""));
            assertTrue(request.body().contains("grant_type=client_credentials") && request.body().contains("scope=all-apis"), request.body());
        });
        List<WarehouseStandIn.Request> api = warehouse.requests().stream().filter(r -> r.path().startsWith("/api/")).toList();
        assertFalse(api.isEmpty());
        api.forEach(request -> assertTrue(request.header("Authorization").orElse("").matches("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+"),
                "the access token, a JWT: " + request.header("Authorization")));
        assertOnlyIn(WarehouseStandIn.CLIENT_SECRET, "none", sync, warehouse);
    }

    @Test
    void aRefusedClientSecretStopsTheRunSayingWhichSettingsToCheck() {
        WarehouseStandIn warehouse = oauthWarehouse();
        String wrong = "dose" + "0".repeat(32);
        DeltaSync sync = sync(servicePrincipal(wrong));

        assertEquals(1, sync.runProcess("--once"), sync.out());

        assertTrue(sync.out().contains("databricks.client-secret"), sync.out());
        assertTrue(InsiderStandIn.requests().isEmpty());
        assertOnlyIn(wrong, "none", sync, warehouse);
    }
}
