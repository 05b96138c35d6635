package io.insidersync.source;

import java.util.Locale;

/**
 * The cloud a Databricks workspace runs on, told by its host name. The JDBC URL and the OAuth token endpoint
 * ({@code https://<host>/oidc/v1/token}) are the same on all three; the cloud only makes messages clearer, and an
 * unknown host a warning rather than an error (private links and custom domains have other names).
 */
public enum DatabricksCloud {
    AWS(".cloud.databricks.com"), AZURE(".azuredatabricks.net"), GCP(".gcp.databricks.com"), UNKNOWN("");

    private final String hostSuffix;

    DatabricksCloud(String hostSuffix) {
        this.hostSuffix = hostSuffix;
    }

    public static DatabricksCloud of(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        for (DatabricksCloud cloud : values()) {
            if (cloud != UNKNOWN && lower.endsWith(cloud.hostSuffix)) {
                return cloud;
            }
        }
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return this == UNKNOWN ? "workspace cloud not recognised from the host name" : name();
    }
}
