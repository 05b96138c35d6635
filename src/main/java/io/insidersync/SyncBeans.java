package io.insidersync;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.config.ConfigurationException;
import io.insidersync.config.Settings;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.deadletter.DeadLetterStore;
import io.insidersync.demo.DemoData;
import io.insidersync.demo.DemoSettings;
import io.insidersync.insider.AcceptInsiderResponse;
import io.insidersync.insider.BatchUsers;
import io.insidersync.insider.CountDryRunRequest;
import io.insidersync.insider.DeliveryGate;
import io.insidersync.insider.GroupUsers;
import io.insidersync.insider.RecordFailedRequest;
import io.insidersync.insider.SendAttempts;
import io.insidersync.mapping.CheckMapping;
import io.insidersync.mapping.FieldMapping;
import io.insidersync.mapping.InsiderRules;
import io.insidersync.mapping.MapRows;
import io.insidersync.mapping.MappingCheck;
import io.insidersync.mapping.MappingConfig;
import io.insidersync.mapping.ValueConverter;
import io.insidersync.replay.Replay;
import io.insidersync.run.FinishRun;
import io.insidersync.run.LastRun;
import io.insidersync.run.LastRunHealthCheck;
import io.insidersync.run.MissedFire;
import io.insidersync.run.ReportProgress;
import io.insidersync.run.ReportRunFailure;
import io.insidersync.run.Schedule;
import io.insidersync.run.RunGuard;
import io.insidersync.run.ScheduleState;
import io.insidersync.run.StartRun;
import io.insidersync.run.SyncMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.insidersync.source.AcknowledgeBatch;
import io.insidersync.source.ChangeFeedFailures;
import io.insidersync.source.ChangeQuery;
import io.insidersync.source.CommitCheckpoint;
import io.insidersync.source.DatabricksDialect;
import io.insidersync.source.DeltaTableChecks;
import io.insidersync.source.FileCheckpointStore;
import io.insidersync.source.SourceConnections;
import io.insidersync.source.SourceDialect;
import io.insidersync.source.Resync;
import io.insidersync.source.SchemaReader;
import io.insidersync.source.SourceKind;
import io.insidersync.source.SkipAcknowledgedBatches;
import io.insidersync.source.SqlNames;
import io.insidersync.source.StartPosition;
import io.insidersync.source.UrlDataSource;
import io.insidersync.source.WindowPlanner;
import io.insidersync.verify.Verification;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.Registry;

/**
 * Reads and checks every setting at start-up (so a wrong one fails before anything runs), then binds the
 * processors the YAML routes refer to by name. Camel finds it by scanning {@code camel.main.base-package-scan}, both
 * under {@code java -jar} (the package of {@link SyncApplication}) and under {@code camel run} (application.properties).
 */
@Configuration
public class SyncBeans implements CamelConfiguration {

    /** The name under which camel-micrometer looks the meter registry up. */
    private static final String METRICS_REGISTRY = "metricsRegistry";
    private static final String CONFIGURED = SyncBeans.class.getName() + ".configured";

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        // Once per context: camel run scans the package again each time it downloads a jar for a component a route uses,
        // and the processors the routes already hold (the delivery gate, the run's state) must stay the ones bound here.
        if (registry.lookupByName(CONFIGURED) != null) {
            return;
        }
        boolean demo = DemoSettings.applyWhenNoSource(context);
        Settings settings = new Settings(context);

        SourceKind kind = SourceKind.parse(settings.require("source.kind"));
        String table = settings.require("sync.table");
        SourceDialect dialect = kind.dialect(SqlNames.tableParts("sync.table", table));
        List<String> keyColumns = keyColumns(settings.require("sync.key-columns"));
        StartPosition start = StartPosition.parse(settings.string("sync.start", "snapshot"));
        Path stateDir = Path.of(settings.string("sync.state-dir", "./data"));
        MappingConfig mapping = MappingConfig.from(settings);
        String cron = Schedule.toCron(settings.string("sync.schedule", "hourly"));
        context.getPropertiesComponent().addOverrideProperty("sync.cron", Schedule.toCronUriParameter(cron));
        String timezone = settings.string("sync.timezone", "UTC");
        Schedule.checkTimezone(timezone);

        boolean dryRun = settings.bool("insider.dry-run", false);
        if (!dryRun) {
            String url = settings.require("insider.url");
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new ConfigurationException("Setting insider.url must be an https:// address, not '" + url + "'");
            }
            settings.require("insider.partner-name");
            settings.require("insider.request-token");
        } else {
            settings.require("insider.outbox-dir");
        }
        if (dryRun && settings.bool("replay.enabled", false)) {
            throw new ConfigurationException("--replay sends to Insider, but insider.dry-run is true: set insider.dry-run=false to replay");
        }
        int maxUsers = (int) settings.number("insider.batch-max-users", 1000, 1, 1000);
        long maxBytes = settings.number("insider.batch-max-bytes", 5_000_000, 1_000, 5_000_000);
        SendAttempts sendAttempts = new SendAttempts((int) settings.number("insider.max-retries", 5, 0, 100),
                settings.number("insider.retry-delay-ms", 1000, 0, 3_600_000), settings.number("insider.max-retry-delay-ms", 60_000, 0, 3_600_000),
                settings.number("insider.max-rate-limit-wait-ms", 3_600_000, 0, 86_400_000));
        // Read by the delivery routes as placeholders: checked here, and the defaults filled in, so they always resolve.
        int concurrency = (int) settings.number("insider.concurrency", 4, 1, 64);
        context.getPropertiesComponent().addOverrideProperty("insider.concurrency", String.valueOf(concurrency));
        context.getPropertiesComponent().addOverrideProperty("insider.max-requests-per-minute",
                String.valueOf(settings.number("insider.max-requests-per-minute", 25_000, 1, 25_000)));

        UrlDataSource source = SourceConnections.create(settings, kind);
        if (demo) {
            DemoData.ensure(source, table);
        }
        FileCheckpointStore checkpoints = new FileCheckpointStore(stateDir, table);
        DeadLetterRecords records = new DeadLetterRecords(table);
        ObjectMapper json = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        InsiderRules rules = new InsiderRules(settings.string("insider.event-name-pattern", InsiderRules.DEFAULT_EVENT_NAME_PATTERN));
        CheckMapping checkMapping = new CheckMapping(new SchemaReader(source, dialect, table), new MappingCheck(mapping, keyColumns));
        DatabricksDialect databricks = dialect instanceof DatabricksDialect delta ? delta : null;
        if (settings.bool("verify.enabled", false)) {
            // --verify runs every check itself and prints a line for each: nothing may stop start-up before that.
            registry.bind("verification", Verification.of(settings, kind, source, databricks, table, checkMapping));
        } else {
            // A table whose changes cannot be read (a view, not Delta, no Change Data Feed), or a mapping that does not fit it,
            // fails start-up, not the first run: each run checks the mapping again.
            if (databricks != null) {
                new DeltaTableChecks(source, databricks, table).requireEligible();
            }
            checkMapping.check();
        }

        SyncMetrics metrics = new SyncMetrics(meterRegistry(registry), table);
        LastRun lastRun = new LastRun(metrics);
        registry.bind("lastRunHealthCheck", new LastRunHealthCheck(lastRun, table));

        registry.bind("source", source);
        ScheduleState scheduleState = new ScheduleState(stateDir, table);
        registry.bind("startRun", new StartRun(table, concurrency, metrics, scheduleState));
        registry.bind("missedFire", new MissedFire(scheduleState, cron, timezone, Clock.systemUTC()));
        registry.bind("runGuard", new RunGuard());
        registry.bind("checkMapping", checkMapping);
        registry.bind("planWindow", new WindowPlanner(source, dialect, checkpoints, start, table,
                batchSettings(settings, keyColumns, maxUsers, maxBytes)));
        registry.bind("changeFeedFailures", new ChangeFeedFailures(source, dialect, table));
        registry.bind("changeQuery", new ChangeQuery(dialect, keyColumns, mapping.userColumns(), mapping.eventGroupColumn(),
                mapping.basketFields().stream().map(FieldMapping::column).toList()));
        ValueConverter converter = new ValueConverter(mapping.timezone());
        registry.bind("mapRows", new MapRows(mapping, converter, rules, keyColumns));
        registry.bind("groupUsers", new GroupUsers());
        BatchUsers batchUsers = new BatchUsers(json, maxUsers, maxBytes, settings.bool("insider.skip-hook", false),
                settings.bool("insider.not-append", false), records);
        registry.bind("batchUsers", batchUsers);
        registry.bind("skipAcknowledgedBatches", new SkipAcknowledgedBatches());
        registry.bind("deliveryGate", new DeliveryGate());
        registry.bind("sendAttempts", sendAttempts);
        registry.bind("acceptInsiderResponse", new AcceptInsiderResponse(json, records));
        registry.bind("countDryRunRequest", new CountDryRunRequest());
        registry.bind("recordFailedRequest", new RecordFailedRequest(records));
        DeadLetterStore deadLetters = new DeadLetterStore(Path.of(settings.string("deadletter.dir", stateDir.resolve("deadletter").toString())), table);
        registry.bind("deadLetterStore", deadLetters);
        // --replay: the dead-letter file named on the command line, or the table's own.
        Path replayFile = settings.optional("replay.file").map(Path::of).orElse(deadLetters.file());
        registry.bind("replay", new Replay(table, replayFile, deadLetters, mapping, converter, rules, keyColumns, batchUsers, metrics));
        registry.bind("acknowledgeBatch", new AcknowledgeBatch(checkpoints));
        registry.bind("commitCheckpoint", new CommitCheckpoint(checkpoints));
        registry.bind("resync", new Resync(checkpoints, table));
        registry.bind("reportProgress", new ReportProgress(Duration.ofSeconds(settings.number("sync.progress-interval-seconds", 30, 1, 86_400))));
        registry.bind("finishRun", new FinishRun(lastRun));
        registry.bind("reportRunFailure", new ReportRunFailure(lastRun));
        registry.bind(CONFIGURED, Boolean.TRUE);
    }

    /**
     * The settings that decide how a window is cut into numbered batches (what a row becomes, and how users are packed):
     * an interrupted window is resumed, skipping its delivered batches, only while they are unchanged.
     */
    private static Map<String, String> batchSettings(Settings settings, List<String> keyColumns, int maxUsers, long maxBytes) {
        Map<String, String> batchSettings = new TreeMap<>(settings.withPrefix("mapping."));
        batchSettings.put("sync.key-columns", String.join(",", keyColumns));
        batchSettings.put("insider.batch-max-users", String.valueOf(maxUsers));
        batchSettings.put("insider.batch-max-bytes", String.valueOf(maxBytes));
        for (String name : List.of("insider.skip-hook", "insider.not-append", "insider.event-name-pattern")) {
            settings.optional(name).ifPresent(value -> batchSettings.put(name, value));
        }
        return batchSettings;
    }

    /**
     * The registry Camel's observability services expose at /observe/metrics: theirs when they are already set up,
     * otherwise one bound under the name they look for, so they take it when they start.
     */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry existing = registry.lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (existing != null) {
            return existing;
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.bind(METRICS_REGISTRY, meters);
        return meters;
    }

    private static List<String> keyColumns(String value) {
        List<String> columns = Arrays.stream(value.split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .map(c -> SqlNames.column("sync.key-columns", c)).toList();
        if (columns.isEmpty()) {
            throw new ConfigurationException("Setting sync.key-columns must name at least one column");
        }
        return columns;
    }
}
