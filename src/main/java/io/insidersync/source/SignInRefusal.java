package io.insidersync.source;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a warehouse's refusal of the credentials apart from other connection failures, and says which settings to
 * check. The driver words a refusal in its own way for each sign-in ("Invalid access token. (HTTP 401)", "oauth-m2m
 * auth: Failed to refresh credentials: invalid_client"), without naming the program's settings.
 */
final class SignInRefusal {

    private static final List<String> REFUSED = List.of("http 401", "invalid_client", "invalid access token", "unauthenticated",
            "invalid_grant", "unauthorized_client");
    private static final List<String> FORBIDDEN = List.of("http 403", "permission_denied", "does not have permission");

    private SignInRefusal() {
    }

    /** What to check, leading the failure's own words; the failure itself when it is not a refusal. */
    static SQLException explained(SQLException failure, String auth) {
        Optional<String> advice = advice(failure.getMessage(), auth);
        if (advice.isEmpty()) {
            return failure;
        }
        SQLException explained = new SQLException(advice.get() + ". " + failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
        explained.setStackTrace(failure.getStackTrace());
        return explained;
    }

    static Optional<String> advice(String message, String auth) {
        if (message == null || auth == null || auth.equals("none")) {
            return Optional.empty();
        }
        String text = message.toLowerCase(Locale.ROOT);
        if (FORBIDDEN.stream().anyMatch(text::contains)) {
            return Optional.of("Databricks accepted the credentials but refused them the SQL warehouse of databricks.http-path (HTTP 403): "
                    + "grant the " + (auth.equals("oauth") ? "service principal" : "token's user") + " Can use on the warehouse");
        }
        if (REFUSED.stream().noneMatch(text::contains)) {
            return Optional.empty();
        }
        return Optional.of(auth.equals("oauth")
                ? "Databricks refused the service principal's sign-in: check databricks.client-id and databricks.client-secret "
                        + "(DATABRICKS_CLIENT_SECRET in the environment), an OAuth secret of that service principal in this workspace"
                : "Databricks refused the token (HTTP 401): check databricks.token (DATABRICKS_TOKEN in the environment), "
                        + "a personal access token of this workspace that has not expired or been revoked");
    }
}
