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
public final class SignInRefusal {

    private static final List<String> REFUSED = List.of("http 401", "invalid_client", "invalid access token", "unauthenticated",
            "invalid_grant", "unauthorized_client");
    private static final List<String> FORBIDDEN = List.of("http 403", "permission_denied", "does not have permission", "forbidden");

    private SignInRefusal() {
    }

    /** A failure to connect that the warehouse's refusal of the credentials caused; its message starts with what to check. */
    public static final class Refused extends SQLException {

        private static final long serialVersionUID = 1L;

        Refused(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause.getErrorCode(), cause);
            setStackTrace(cause.getStackTrace());
        }
    }

    /** What to check, leading the failure's own words; the failure itself when it is not a refusal. */
    static SQLException explained(SQLException failure, String auth) {
        Optional<String> advice = advice(failure.getMessage(), auth);
        return advice.isEmpty() ? failure : new Refused(advice.get() + ". " + failure.getMessage(), failure);
    }

    static Optional<String> advice(String message, String auth) {
        if (message == null || auth == null || auth.equals("none")) {
            return Optional.empty();
        }
        String text = message.toLowerCase(Locale.ROOT);
        String principal = auth.equals("oauth") ? "service principal" : "token's user";
        if (FORBIDDEN.stream().anyMatch(text::contains)) {
            if (text.contains("warehouse")) {
                return Optional.of("Databricks signed the " + principal + " in but does not let it use the SQL warehouse of "
                        + "databricks.http-path (HTTP 403): grant it Can use on the warehouse");
            }
            // Something else forbids it: an IP access list, a missing entitlement or grant, a token without the scope.
            return Optional.of("Databricks refused the " + principal + " (HTTP 403): check that it may use the SQL warehouse of "
                    + "databricks.http-path (Can use), the workspace's IP access list and the " + principal + "'s entitlements");
        }
        if (REFUSED.stream().noneMatch(text::contains)) {
            return Optional.empty();
        }
        String status = text.contains("401") ? " (HTTP 401)" : "";
        return Optional.of(auth.equals("oauth")
                ? "Databricks refused the service principal's sign-in" + status + ": check databricks.client-id and databricks.client-secret "
                        + "(DATABRICKS_CLIENT_SECRET in the environment), an OAuth secret of that service principal in this workspace"
                : "Databricks refused the token" + status + ": check databricks.token (DATABRICKS_TOKEN in the environment), "
                        + "a personal access token of this workspace that has not expired or been revoked");
    }
}
