package io.insidersync.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syncs of one deployment: either the one table of the top-level settings ({@code sync.table} …), named
 * {@value #SINGLE}, or each table declared as {@code syncs.<name>.table} with its own mapping, key columns, schedule,
 * checkpoint and dead-letter folder.
 *
 * @param names    in the order they run with {@code --once} (sorted)
 * @param topLevel whether the top-level settings declare the only table (then named {@value #SINGLE})
 */
public record Syncs(List<String> names, boolean topLevel) {

    public static final String PREFIX = "syncs.";
    /** The name of the sync the top-level settings declare: its routes are sync-run, sync-schedule … */
    public static final String SINGLE = "sync";

    /** A name goes into setting names, route ids, endpoint and folder names: letters, digits, '-' and '_'. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /**
     * What {@code syncs.<name>.X} may set; the rest ({@code source.*}, {@code databricks.*}, Insider's address and
     * credentials, the retry policy, the request rate) is shared by every sync.
     */
    private static final Set<String> PER_SYNC = Set.of("table", "key-columns", "start", "schedule", "timezone", "state-dir",
            "progress-interval-seconds", "deadletter.dir", "insider.batch-max-users", "insider.batch-max-bytes", "insider.skip-hook",
            "insider.not-append", "insider.event-name-pattern", "insider.concurrency", "insider.outbox-dir");

    /** The syncs the settings declare; every {@code syncs.*} setting is checked for a valid name and a known setting. */
    public static Syncs from(Settings settings) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : settings.namesStartingWith(PREFIX)) {
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String setting = dot < 0 ? "" : rest.substring(dot + 1);
            if (!NAME.matcher(name).matches()) {
                throw new ConfigurationException("Setting " + key + ": '" + name + "' is not a sync name (lower-case letters, digits, '-' and '_', "
                        + "at most 63 characters, starting with a letter or digit)");
            }
            if (!PER_SYNC.contains(setting) && !setting.startsWith("mapping.")) {
                throw new ConfigurationException("Setting " + key + " is not one a sync sets for itself: under syncs." + name + ". use mapping.* or "
                        + String.join(", ", PER_SYNC.stream().sorted().toList()) + "; the other settings are shared by every sync");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            return new Syncs(List.of(SINGLE), true);
        }
        if (settings.optional("sync.table").isPresent()) {
            throw new ConfigurationException("Setting sync.table names a table, and so do the syncs.<name>.table settings (" + String.join(", ", names)
                    + "): declare every table as syncs.<name>.table, or only the one as sync.table");
        }
        return new Syncs(names.stream().sorted().toList(), false);
    }

    /** A sync's settings: the top-level ones for the only table, otherwise its {@code syncs.<name>.} ones. */
    public Settings settingsOf(Settings settings, String name) {
        return topLevel ? settings : settings.forSync(name);
    }
}
