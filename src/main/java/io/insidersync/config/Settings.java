package io.insidersync.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed, validated access to the integrator's settings as Camel resolves them (properties files, then
 * environment variables such as {@code SYNC_TABLE} for {@code sync.table}).
 * Every error names the setting, and the environment variable that can supply it.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    /** The value of a setting, blank treated as absent. */
    public Optional<String> optional(String name) {
        return properties.resolveProperty(name).map(String::trim).filter(value -> !value.isEmpty());
    }

    public String require(String name) {
        return optional(name).orElseThrow(() -> new ConfigurationException(
                "Setting " + name + " is required but not set (in application.properties, a --config file, or the environment variable "
                        + environmentName(name) + ")"));
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException("Setting " + name + " must be true or false, not '" + value.get() + "'");
        };
    }

    public long number(String name, long fallback, long min, long max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Setting " + name + " must be a whole number, not '" + value.get() + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigurationException("Setting " + name + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    /**
     * Every setting under a prefix, from the properties files, as name → value (sorted, so errors come in a stable order).
     * Used for open-ended families such as {@code mapping.attributes.custom.*}.
     */
    public Map<String, String> withPrefix(String prefix) {
        Properties loaded = properties.loadProperties(key -> key.startsWith(prefix));
        Map<String, String> result = new TreeMap<>();
        for (String key : loaded.stringPropertyNames()) {
            optional(key).ifPresent(value -> result.put(key, value));
        }
        return result;
    }

    /** The environment variable Camel reads for a setting: {@code databricks.client-secret} → {@code DATABRICKS_CLIENT_SECRET}. */
    public static String environmentName(String setting) {
        return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
