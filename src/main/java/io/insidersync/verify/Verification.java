package io.insidersync.verify;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Settings;
import io.insidersync.mapping.CheckMapping;
import io.insidersync.source.DatabricksDialect;
import io.insidersync.source.DeltaTable;
import io.insidersync.source.DeltaTableChecks;
import io.insidersync.source.SignInRefusal;
import io.insidersync.source.SourceException;
import io.insidersync.source.SourceKind;
import io.insidersync.source.SqlErrors;
import io.insidersync.source.TableSchema;
import io.insidersync.source.UrlDataSource;

/**
 * {@code --verify}: what Insider's panel checks with "Verify Authentication", and more. In order: the source connection
 * and its credentials; for Databricks, that the table can be read, is not a view, is a Delta table and has its Change
 * Data Feed on; that the mapping fits the table's columns; and Insider's credentials. A check that needs one that
 * failed is skipped; every check gets its line.
 */
public final class Verification {

    static final String TABLE = "Table readable";
    static final String NOT_A_VIEW = "Not a view";
    static final String DELTA = "Delta table";
    static final String CHANGE_DATA_FEED = "Change Data Feed";
    static final String MAPPING = "Mapping";

    private final SourceKind kind;
    private final UrlDataSource source;
    /** Null for a plain JDBC change table, which has no such checks. */
    private final DeltaTableChecks tableChecks;
    private final CheckMapping checkMapping;
    /** Null in a dry run, which sends nothing to Insider. */
    private final InsiderCredentials insider;

    Verification(SourceKind kind, UrlDataSource source, DeltaTableChecks tableChecks, CheckMapping checkMapping, InsiderCredentials insider) {
        this.kind = kind;
        this.source = source;
        this.tableChecks = tableChecks;
        this.checkMapping = checkMapping;
        this.insider = insider;
    }

    /** The checks of this configuration; Insider's settings are read here, where only --verify needs the profile endpoint. */
    public static Verification of(Settings settings, SourceKind kind, UrlDataSource source, DatabricksDialect databricks, String table,
                                  CheckMapping checkMapping) {
        DeltaTableChecks tableChecks = databricks == null ? null : new DeltaTableChecks(source, databricks, table);
        InsiderCredentials insider = null;
        if (!settings.bool("insider.dry-run", false)) {
            String upsertUrl = settings.require("insider.url");
            String profileUrl = settings.optional("insider.profile-url").or(() -> InsiderCredentials.profileUrl(upsertUrl))
                    .orElseThrow(() -> new ConfigurationException("Setting insider.profile-url is required when insider.url does not end in /upsert: "
                            + "give the address of Insider's profile endpoint (https://unification.useinsider.com/api/user/v1/profile)"));
            if (!profileUrl.startsWith("https://") && !profileUrl.startsWith("http://")) {
                throw new ConfigurationException("Setting insider.profile-url must be an https:// address, not '" + profileUrl + "'");
            }
            // The same time limits as the calls to Insider that the delivery routes make.
            String component = "camel.component." + (profileUrl.startsWith("https://") ? "https" : "http");
            insider = new InsiderCredentials(uri(profileUrl), settings.require("insider.partner-name"), settings.require("insider.request-token"),
                    Duration.ofMillis(settings.number(component + ".connect-timeout", 10_000, 1, 3_600_000)),
                    Duration.ofMillis(settings.number(component + ".response-timeout", 60_000, 1, 3_600_000)));
        }
        return new Verification(kind, source, tableChecks, checkMapping, insider);
    }

    private static URI uri(String profileUrl) {
        try {
            return URI.create(profileUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Setting insider.profile-url (or insider.url): '" + profileUrl + "' is not a valid address: " + e.getMessage());
        }
    }

    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        CheckResult connection = connection();
        results.add(connection);
        String needs = connection.failed() ? "needs the " + (kind == SourceKind.DATABRICKS ? "Databricks" : "source") + " connection" : null;
        if (tableChecks != null) {
            needs = tableChecks(results, needs);
        }
        results.add(needs != null ? CheckResult.skip(MAPPING, needs) : mapping());
        results.add(insider == null ? CheckResult.skip(InsiderCredentials.NAME, "insider.dry-run=true: nothing is sent to Insider") : insider.check());
        return results;
    }

    /** Prints one line per check and returns the exit code: 0 when none failed, 1 otherwise. */
    public static int report(List<CheckResult> results, PrintStream out) {
        results.forEach(result -> out.println(result.line()));
        return results.stream().anyMatch(CheckResult::failed) ? 1 : 0;
    }

    static String connectionName(SourceKind kind) {
        return kind == SourceKind.DATABRICKS ? "Databricks connection" : "Source connection";
    }

    private CheckResult connection() {
        String name = connectionName(kind);
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            return CheckResult.pass(name, "connected to " + source.description());
        } catch (SQLException e) {
            String settings = kind == SourceKind.DATABRICKS
                    ? "databricks.host, databricks.http-path and the credentials of databricks.auth (databricks.client-id and DATABRICKS_CLIENT_SECRET, "
                    + "or DATABRICKS_TOKEN), and that the principal has Can use on the SQL warehouse"
                    : "source.jdbc-url, source.jdbc-user and SOURCE_JDBC_PASSWORD";
            // A refusal of the credentials already leads with what to check.
            String check = e instanceof SignInRefusal.Refused ? "" : ". Check " + settings;
            return CheckResult.fail(name, "could not connect to " + source.description() + ": " + SqlErrors.clause(e) + check);
        }
    }

    /** Adds the table's lines; returns what a later check that reads the table needs, or null when the table could be read. */
    private String tableChecks(List<CheckResult> results, String needs) {
        if (needs != null) {
            for (String name : List.of(TABLE, NOT_A_VIEW, DELTA, CHANGE_DATA_FEED)) {
                results.add(CheckResult.skip(name, needs));
            }
            return needs;
        }
        DeltaTable table;
        try {
            table = tableChecks.read();
        } catch (SourceException e) {
            results.add(CheckResult.fail(TABLE, e.getMessage()));
            for (String name : List.of(NOT_A_VIEW, DELTA, CHANGE_DATA_FEED)) {
                results.add(CheckResult.skip(name, "needs the table"));
            }
            return "needs the table";
        }
        results.add(CheckResult.pass(TABLE, table.table() + " can be read"));
        results.addAll(tableResults(table));
        return null;
    }

    /** The view, format and feed lines of a table that could be read. */
    static List<CheckResult> tableResults(DeltaTable table) {
        List<CheckResult> results = new ArrayList<>();
        results.add(table.viewProblem().map(problem -> CheckResult.fail(NOT_A_VIEW, problem))
                .orElseGet(() -> CheckResult.pass(NOT_A_VIEW, table.table() + " is a table (" + table.type() + ")")));
        if (table.isView()) {
            results.add(CheckResult.skip(DELTA, "a view has no format of its own"));
            results.add(CheckResult.skip(CHANGE_DATA_FEED, "a view has no Change Data Feed"));
            return results;
        }
        results.add(table.formatProblem().map(problem -> CheckResult.fail(DELTA, problem))
                .orElseGet(() -> CheckResult.pass(DELTA, table.table() + " is a Delta table")));
        if (!table.isDelta()) {
            results.add(CheckResult.skip(CHANGE_DATA_FEED, "needs a Delta table"));
            return results;
        }
        results.add(table.changeDataFeedProblem().map(problem -> CheckResult.fail(CHANGE_DATA_FEED, problem))
                .orElseGet(() -> CheckResult.pass(CHANGE_DATA_FEED, "delta.enableChangeDataFeed = true")));
        return results;
    }

    private CheckResult mapping() {
        try {
            TableSchema schema = checkMapping.check();
            return CheckResult.pass(MAPPING, "every key and mapped column is in " + schema.table() + ", with a type that converts");
        } catch (SourceException | ConfigurationException e) {
            return CheckResult.fail(MAPPING, e.getMessage());
        }
    }
}
