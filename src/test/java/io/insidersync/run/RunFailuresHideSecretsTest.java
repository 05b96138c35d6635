package io.insidersync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Secrets;
import io.insidersync.source.SourceException;
import io.insidersync.support.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sentence a failed run ends with (printed, logged, and shown by the readiness check) never holds a secret. */
class RunFailuresHideSecretsTest {

    @BeforeEach
    void remember() {
        Secrets.remember(TestSettings.of("insider.request-token=ins-token-5b1f", "source.jdbc-url=jdbc:postgresql://sync:url-pw-0c3e@db/crm"));
    }

    @AfterEach
    void forget() {
        Secrets.remember(TestSettings.of());
    }

    @Test
    void anUnexpectedFailureIsNamedByItsRootCauseWithTheSecretsMasked() {
        RuntimeException failure = new RuntimeException("wrapped", new IOException("server said: bad token ins-token-5b1f"));

        assertEquals("IOException: server said: bad token ******", RunFailures.describe(failure));
    }

    @Test
    void aSourceOrSettingFailureIsShownWithTheSecretsMasked() {
        assertEquals("Could not read from jdbc:postgresql://sync:******@db/crm",
                RunFailures.describe(new SourceException("Could not read from jdbc:postgresql://sync:url-pw-0c3e@db/crm", null)));
        assertEquals("Setting x: '******'",
                RunFailures.describe(new ConfigurationException("Setting x: 'ins-token-5b1f'")));
    }
}
