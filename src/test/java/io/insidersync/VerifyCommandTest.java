package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.insidersync.support.ChangeTable;
import io.insidersync.support.InsiderStandIn;
import io.insidersync.verify.InsiderCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verify} with a plain JDBC change table (the H2 one) and with the demo: the connection, mapping and Insider
 * lines, no Delta lines, and its exit codes. The Delta checks are tested against a real Delta Lake in VerifyIT.
 */
class VerifyCommandTest {

    private static final String TOKEN = "verify-secret-token";

    @TempDir
    Path state;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void tableAndInsider() {
        ChangeTable.exists();
        InsiderStandIn.reset();
        InsiderStandIn.profileAcceptsToken(TOKEN);
    }

    private int verify(String... settings) throws IOException {
        List<String> lines = new ArrayList<>(List.of("source.kind=jdbc", "source.jdbc-url=" + ChangeTable.URL, "sync.table=" + ChangeTable.NAME,
                "sync.key-columns=line_id", "mapping.identifiers.email=email", "sync.state-dir=" + state.resolve("data"),
                "insider.url=" + InsiderStandIn.url(), "insider.partner-name=verifypartner", "insider.request-token=" + TOKEN));
        lines.addAll(List.of(settings));
        Path config = Files.write(state.resolve("verify-" + System.nanoTime() + ".properties"), lines);
        out.reset();
        err.reset();
        return SyncApplication.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "--verify", "--config", config.toString());
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aChangeTableGetsTheConnectionMappingAndInsiderLinesOnly() throws Exception {
        assertEquals(0, verify(), err());

        List<String> lines = lines();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("PASS  Source connection: connected to jdbc:h2:mem:sync-test"), lines.get(0));
        assertTrue(lines.get(1).startsWith("PASS  Mapping: "), lines.get(1));
        assertTrue(lines.get(2).startsWith("PASS  Insider credentials: Insider accepted partner verifypartner"), lines.get(2));
        assertTrue(InsiderStandIn.requests().isEmpty(), "an upsert was sent");
        assertFalse(out.toString(StandardCharsets.UTF_8).contains(TOKEN) || err().contains(TOKEN), "the token was printed");
    }

    @Test
    void aMappingThatDoesNotFitFailsItsLineAndTheExitCodeInsteadOfStartUp() throws Exception {
        assertEquals(1, verify("mapping.attributes.name=nickname"), err());

        List<String> lines = lines();
        assertTrue(lines.get(1).startsWith("FAIL  Mapping: The mapping does not fit table purchase_changes: mapping.attributes.name: "
                + "table purchase_changes has no column nickname"), lines.get(1));
        assertTrue(lines.get(2).startsWith("PASS  Insider credentials"), "the checks after the failed one did not run: " + lines);
    }

    @Test
    void aRefusedTokenFails() throws Exception {
        assertEquals(1, verify("insider.request-token=a-token-insider-does-not-know"), err());

        assertTrue(lines().get(2).startsWith("FAIL  Insider credentials: Insider refused the credentials"), lines().toString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("a-token-insider-does-not-know"), "the token was printed");
    }

    @Test
    void insiderProfileUrlOverridesTheAddressBesideTheUpsertEndpoint() throws Exception {
        String profile = InsiderCredentials.profileUrl(InsiderStandIn.url()).orElseThrow();

        assertEquals(0, verify("insider.url=https://upsert.example.invalid/custom-path", "insider.profile-url=" + profile), err());
        assertEquals(1, InsiderStandIn.profileRequests().size());

        assertEquals(2, verify("insider.url=https://upsert.example.invalid/custom-path"));
        assertTrue(err().contains("Configuration error: Setting insider.profile-url is required when insider.url does not end in /upsert"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));

        assertEquals(2, verify("insider.profile-url=https://insider example.com/profile"));
        assertTrue(err().contains("Configuration error: Setting insider.profile-url (or insider.url): 'https://insider example.com/profile' is not a valid address"),
                err());
    }

    @Test
    void aMissingSecretIsStillAConfigurationErrorBeforeAnyCheck() throws Exception {
        assertEquals(2, verify("insider.request-token="));

        assertTrue(err().contains("Configuration error: Setting insider.request-token is required but not set"), err());
        assertTrue(err().contains("INSIDER_REQUEST_TOKEN"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDemoVerifiesInDryRun() throws Exception {
        Path config = Files.write(state.resolve("demo.properties"), List.of("sync.state-dir=" + state.resolve("data")));
        out.reset();
        err.reset();

        int exit = SyncApplication.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "--verify", "--config", config.toString());

        assertEquals(0, exit, err());
        assertEquals(List.of("PASS", "PASS", "SKIP"), lines().stream().map(line -> line.substring(0, 4)).toList(), lines().toString());
        assertTrue(lines().get(2).contains("insider.dry-run=true"), lines().toString());
    }
}
