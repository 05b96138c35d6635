package io.insidersync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.insidersync.support.ChangeTable;
import io.insidersync.support.CommandLineRun;
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

    private final CommandLineRun cli = new CommandLineRun();

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
        return cli.run("--verify", "--config", config.toString());
    }

    private List<String> lines() {
        return cli.out().lines().toList();
    }

    @Test
    void aChangeTableGetsTheConnectionMappingAndInsiderLinesOnly() throws Exception {
        assertEquals(0, verify(), cli.err());

        List<String> lines = lines();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("PASS  Source connection: connected to jdbc:h2:mem:sync-test"), lines.get(0));
        assertTrue(lines.get(1).startsWith("PASS  Mapping: "), lines.get(1));
        assertTrue(lines.get(2).startsWith("PASS  Insider credentials: Insider accepted partner verifypartner"), lines.get(2));
        assertTrue(InsiderStandIn.requests().isEmpty(), "an upsert was sent");
        assertFalse(cli.out().contains(TOKEN) || cli.err().contains(TOKEN), "the token was printed");
    }

    @Test
    void aMappingThatDoesNotFitFailsItsLineAndTheExitCodeInsteadOfStartUp() throws Exception {
        assertEquals(1, verify("mapping.attributes.name=nickname"), cli.err());

        List<String> lines = lines();
        assertTrue(lines.get(1).startsWith("FAIL  Mapping: The mapping does not fit table purchase_changes: mapping.attributes.name: "
                + "table purchase_changes has no column nickname"), lines.get(1));
        assertTrue(lines.get(2).startsWith("PASS  Insider credentials"), "the checks after the failed one did not run: " + lines);
    }

    @Test
    void aRefusedTokenFails() throws Exception {
        assertEquals(1, verify("insider.request-token=a-token-insider-does-not-know"), cli.err());

        assertTrue(lines().get(2).startsWith("FAIL  Insider credentials: Insider refused the credentials"), lines().toString());
        assertFalse(cli.out().contains("a-token-insider-does-not-know"), "the token was printed");
    }

    @Test
    void insiderProfileUrlOverridesTheAddressBesideTheUpsertEndpoint() throws Exception {
        String profile = InsiderCredentials.profileUrl(InsiderStandIn.url()).orElseThrow();

        assertEquals(0, verify("insider.url=https://upsert.example.invalid/custom-path", "insider.profile-url=" + profile), cli.err());
        assertEquals(1, InsiderStandIn.profileRequests().size());

        assertEquals(2, verify("insider.url=https://upsert.example.invalid/custom-path"));
        assertTrue(cli.err().contains("Configuration error: Setting insider.profile-url is required when insider.url does not end in /upsert"), cli.err());
        assertEquals("", cli.out());

        assertEquals(2, verify("insider.profile-url=https://insider example.com/profile"));
        assertTrue(cli.err().contains("Configuration error: Setting insider.profile-url (or insider.url): 'https://insider example.com/profile' is not a valid address"),
                cli.err());
    }

    @Test
    void aMissingSecretIsStillAConfigurationErrorBeforeAnyCheck() throws Exception {
        assertEquals(2, verify("insider.request-token="));

        assertTrue(cli.err().contains("Configuration error: Setting insider.request-token is required but not set"), cli.err());
        assertTrue(cli.err().contains("INSIDER_REQUEST_TOKEN"), cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void theDemoVerifiesInDryRun() throws Exception {
        Path config = Files.write(state.resolve("demo.properties"), List.of("sync.state-dir=" + state.resolve("data")));

        int exit = cli.run("--verify", "--config", config.toString());

        assertEquals(0, exit, cli.err());
        assertEquals(List.of("PASS", "PASS", "SKIP"), lines().stream().map(line -> line.substring(0, 4)).toList(), lines().toString());
        assertTrue(lines().get(2).contains("insider.dry-run=true"), lines().toString());
    }
}
