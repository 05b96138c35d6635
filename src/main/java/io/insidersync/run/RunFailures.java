package io.insidersync.run;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Secrets;
import io.insidersync.insider.InsiderOutageException;
import io.insidersync.insider.StopRequestedException;
import io.insidersync.source.CorruptStateException;
import io.insidersync.source.SourceException;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Says in one sentence why a run failed, and what to check; never includes a secret. */
public final class RunFailures {

    private RunFailures() {
    }

    /** Whether a setting is the cause: the integrator has to change something before it can work. */
    public static boolean isConfigurationError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException) {
                return true;
            }
        }
        return false;
    }

    public static String describe(Throwable failure) {
        // A failure's text may repeat what a driver or a server was given: a JDBC URL with its password, the request token.
        return Secrets.redact(sentence(failure));
    }

    private static String sentence(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http && (http.getStatusCode() == 401 || http.getStatusCode() == 403)) {
                return "Insider refused the credentials (HTTP " + http.getStatusCode()
                        + "): check insider.partner-name and insider.request-token (INSIDER_REQUEST_TOKEN). Nothing more was sent and the checkpoint did not move.";
            }
            if (cause instanceof ConfigurationException || cause instanceof SourceException || cause instanceof CorruptStateException
                    || cause instanceof InsiderOutageException || cause instanceof StopRequestedException) {
                return cause.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
