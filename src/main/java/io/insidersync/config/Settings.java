package io.insidersync.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed, validated access to the integrator's settings as Camel resolves them (properties files, then
 * environment variables such as {@code SYNC_TABLE} for {@code sync.table}).
 * Every error names the setting, and the environment variable that can supply it.
 *
 * <p>The settings of one of several syncs ({@link #forSync}) are read under {@code syncs.<name>.}: {@code sync.table} is
 * {@code syncs.<name>.table}, any other setting keeps its name after the prefix ({@code syncs.<name>.mapping.…}). A
 * setting a sync does not give falls back to the top-level one, except the mapping: a table's columns are its own, so
 * only {@code mapping.timezone} is shared.
 */
public final class Settings {

    private static final String SYNC_PREFIX = "sync.";

    private final PropertiesComponent properties;
    /** Empty for the top-level settings, {@code syncs.<name>.} for one sync's. */
    private final String scope;

    public Settings(CamelContext context) {
        this(context.getPropertiesComponent(), "");
    }

    private Settings(PropertiesComponent properties, String scope) {
        this.properties = properties;
        this.scope = scope;
    }

    /** The settings of the sync declared as {@code syncs.<name>.…}, falling back to the top-level ones. */
    public Settings forSync(String name) {
        return new Settings(properties, Syncs.PREFIX + name + ".");
    }

    /** The value of a setting, blank treated as absent. */
    public Optional<String> optional(String name) {
        if (!scope.isEmpty()) {
            Optional<String> own = resolve(nameOf(name));
            if (own.isPresent() || !inherited(name)) {
                return own;
            }
        }
        return resolve(name);
    }

    /** The value a sync gives a setting itself, without falling back to the top-level one. */
    public Optional<String> own(String name) {
        return resolve(nameOf(name));
    }

    /** Where a setting is read in this scope: {@code sync.table} → {@code syncs.orders.table}; its own name at the top level. */
    public String nameOf(String name) {
        if (scope.isEmpty()) {
            return name;
        }
        return scope + (name.startsWith(SYNC_PREFIX) ? name.substring(SYNC_PREFIX.length()) : name);
    }

    private static boolean inherited(String name) {
        return !name.startsWith("mapping.") || name.equals("mapping.timezone");
    }

    private Optional<String> resolve(String name) {
        return properties.resolveProperty(name).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** The name under which a setting's value was found, for messages about that value. */
    private String foundName(String name) {
        return !scope.isEmpty() && resolve(nameOf(name)).isPresent() ? nameOf(name) : name;
    }

    public String require(String name) {
        return optional(name).orElseThrow(() -> new ConfigurationException(
                "Setting " + nameOf(name) + " is required but not set (in application.properties, a --config file, or the environment variable "
                        + environmentName(nameOf(name)) + ")"));
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
            default -> throw new ConfigurationException("Setting " + foundName(name) + " must be true or false, not '" + value.get() + "'");
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
            throw new ConfigurationException("Setting " + foundName(name) + " must be a whole number, not '" + value.get() + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigurationException("Setting " + foundName(name) + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    /**
     * Every setting under a prefix, from the properties files, as name → value (sorted, so errors come in a stable order).
     * Used for open-ended families such as {@code mapping.attributes.custom.*}. A sync's family is its own, never mixed with
     * the top-level one; its names come back without {@code syncs.<name>.}, as at the top level.
     */
    public Map<String, String> withPrefix(String prefix) {
        String own = nameOf(prefix);
        Properties loaded = properties.loadProperties(key -> key.startsWith(own));
        Map<String, String> result = new TreeMap<>();
        for (String key : loaded.stringPropertyNames()) {
            resolve(key).ifPresent(value -> result.put(prefix + key.substring(own.length()), value));
        }
        return result;
    }

    /** The names of the settings in the properties files that start with a prefix (top-level names, whatever the scope). */
    public Set<String> namesStartingWith(String prefix) {
        return new TreeSet<>(properties.loadProperties(key -> key.startsWith(prefix)).stringPropertyNames());
    }

    /** The environment variable Camel reads for a setting: {@code databricks.client-secret} → {@code DATABRICKS_CLIENT_SECRET}. */
    public static String environmentName(String setting) {
        return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
