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
import io.insidersync.insider.AcceptInsiderResponse;
import io.insidersync.insider.BatchUsers;
import io.insidersync.insider.RecordFailedRequest;
import io.insidersync.mapping.CheckMapping;
import io.insidersync.mapping.FieldMapping;
import io.insidersync.mapping.InsiderRules;
import io.insidersync.mapping.MapRow;
import io.insidersync.mapping.MappingCheck;
import io.insidersync.mapping.MappingConfig;
import io.insidersync.mapping.ValueConverter;
import io.insidersync.replay.Replay;
import io.insidersync.run.BatchAggregation;
import io.insidersync.run.BatchHandOff;
import io.insidersync.run.FinishRun;
import io.insidersync.run.LastRun;
import io.insidersync.run.LastRunHealthCheck;
import io.insidersync.run.MissedFire;
import io.insidersync.run.ReportProgress;
import io.insidersync.run.ReportRunFailure;
import io.insidersync.run.RunGuard;
import io.insidersync.run.RunningSyncs;
import io.insidersync.run.Schedule;
import io.insidersync.run.ScheduleState;
import io.insidersync.run.StartRun;
import io.insidersync.run.SyncMetrics;
import io.insidersync.source.AcknowledgeBatch;
import io.insidersync.source.ChangeFeedFailures;
import io.insidersync.source.ChangeQuery;
import io.insidersync.source.CommitCheckpoint;
import io.insidersync.source.DatabricksDialect;
import io.insidersync.source.DeltaTableChecks;
import io.insidersync.source.FileCheckpointStore;
import io.insidersync.source.Resync;
import io.insidersync.source.SchemaReader;
import io.insidersync.source.SourceDialect;
import io.insidersync.source.SourceKind;
import io.insidersync.source.SqlNames;
import io.insidersync.source.StartPosition;
import io.insidersync.source.StateLock;
import io.insidersync.source.UrlDataSource;
import io.insidersync.source.WindowPlanner;
import io.insidersync.verify.Verification;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.Registry;

/**
 * One sync's processors, each bound as {@code <name>.<processor>} for the routes {@link SyncRoutes} builds for it from
 * the route templates: its table, mapping, key columns, schedule, checkpoint, dead letters and meters are its own.
 * Every setting is read and checked here, so a wrong one fails start-up, not a run.
 */
final class SyncTableBeans {

    private final Registry registry;
    private final String name;
    /** Whether this is the deployment's only table, declared by the top-level settings. */
    private final boolean topLevel;

    SyncTableBeans(Registry registry, String name, boolean topLevel) {
        this.registry = registry;
        this.name = name;
        this.topLevel = topLevel;
    }

    /** Reads and checks the sync's settings, binds its processors, and returns what its routes are built with. */
    SyncRoutes.Instance bind(Settings settings, SourceKind kind, UrlDataSource source, MeterRegistry meters) {
        String table = settings.require("sync.table");
        SourceDialect dialect = kind.dialect(SqlNames.tableParts(settings.nameOf("sync.table"), table));
        List<String> keyColumns = keyColumns(settings);
        StartPosition start = StartPosition.parse(settings.string("sync.start", "snapshot"));
        Path stateDir = folder(settings, "sync.state-dir", Path.of(settings.string("sync.state-dir", "./data")));
        lockState(settings, stateDir, table);
        MappingConfig mapping = MappingConfig.from(settings);
        String cron = Schedule.toCron(settings.string("sync.schedule", "hourly"));
        String timezone = settings.string("sync.timezone", "UTC");
        Schedule.checkTimezone(timezone);
        int concurrency = (int) settings.number("insider.concurrency", 4, 1, 64);
        int outageAfter = (int) settings.number("insider.outage-after-failed-requests", 3, 1, 100);
        Path outbox = settings.bool("insider.dry-run", false)
                ? folder(settings, "insider.outbox-dir", Path.of(settings.require("insider.outbox-dir")))
                : Path.of(settings.string("insider.outbox-dir", stateDir.resolve("outbox").toString()));
        int maxUsers = (int) settings.number("insider.batch-max-users", 1000, 1, 1000);
        long maxBytes = settings.number("insider.batch-max-bytes", 5_000_000, 1_000, 5_000_000);

        FileCheckpointStore checkpoints = new FileCheckpointStore(stateDir, table);
        DeadLetterRecords records = new DeadLetterRecords(table);
        ObjectMapper json = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        InsiderRules rules = new InsiderRules(settings.string("insider.event-name-pattern", InsiderRules.DEFAULT_EVENT_NAME_PATTERN));
        CheckMapping checkMapping = new CheckMapping(new SchemaReader(source, dialect, table), new MappingCheck(mapping, keyColumns));
        DatabricksDialect databricks = dialect instanceof DatabricksDialect delta ? delta : null;
        if (settings.bool("verify.enabled", false)) {
            // --verify runs every check itself and prints a line for each: nothing may stop start-up before that.
            bind("verification", Verification.of(settings, kind, source, databricks, table, checkMapping));
        } else {
            // A table whose changes cannot be read (a view, not Delta, no Change Data Feed), or a mapping that does not fit it,
            // fails start-up, not the first run: each run checks the mapping again.
            if (databricks != null) {
                new DeltaTableChecks(source, databricks, table).requireEligible();
            }
            checkMapping.check();
        }

        SyncMetrics metrics = new SyncMetrics(meters, table);
        LastRun lastRun = new LastRun(metrics);
        bind("lastRunHealthCheck", new LastRunHealthCheck(lastRun, table));
        ScheduleState scheduleState = new ScheduleState(stateDir, table);
        bind("startRun", new StartRun(table, concurrency, outageAfter, metrics, scheduleState,
                registry.lookupByNameAndType(SyncBeans.RUNNING_SYNCS, RunningSyncs.class)));
        bind("missedFire", new MissedFire(scheduleState, cron, timezone, Clock.systemUTC()));
        bind("runGuard", new RunGuard());
        bind("checkMapping", checkMapping);
        bind("planWindow", new WindowPlanner(source, dialect, checkpoints, start, table, batchSettings(settings, keyColumns, maxUsers, maxBytes)));
        bind("changeFeedFailures", new ChangeFeedFailures(source, dialect, table));
        bind("changeQuery", new ChangeQuery(dialect, keyColumns, mapping.userColumns(), mapping.eventGroupColumn(),
                mapping.basketFields().stream().map(FieldMapping::column).toList()));
        ValueConverter converter = new ValueConverter(mapping.timezone());
        bind("mapRow", new MapRow(mapping, converter, rules, keyColumns));
        BatchUsers batchUsers = new BatchUsers(json, maxUsers, maxBytes, settings.bool("insider.skip-hook", false),
                settings.bool("insider.not-append", false), records);
        BatchHandOff handOff = new BatchHandOff(name);
        registry.bind(beanName(name, "batchHandOff"), BatchHandOff.class, handOff, null, "stop");
        BatchAggregation batching = new BatchAggregation(mapping, batchUsers, handOff);
        bind("batching", batching);
        bind("batchController", batching.controller());
        bind("acceptInsiderResponse", new AcceptInsiderResponse(records));
        bind("recordFailedRequest", new RecordFailedRequest(records));
        Path deadLetterDir = folder(settings, "deadletter.dir", Path.of(settings.string("deadletter.dir", stateDir.resolve("deadletter").toString())));
        DeadLetterStore deadLetters = new DeadLetterStore(deadLetterDir, table);
        bind("deadLetterStore", deadLetters);
        // --replay: the dead-letter file named on the command line, or the table's own.
        Path replayFile = settings.optional("replay.file").filter(file -> settings.string("replay.sync", name).equals(name)).map(Path::of)
                .orElse(deadLetters.file());
        bind("replay", new Replay(table, replayFile, deadLetters, mapping, converter, rules, keyColumns, batchUsers, metrics));
        bind("acknowledgeBatch", new AcknowledgeBatch(checkpoints));
        bind("commitCheckpoint", new CommitCheckpoint(checkpoints));
        bind("resync", new Resync(checkpoints, table));
        bind("reportProgress", new ReportProgress(Duration.ofSeconds(settings.number("sync.progress-interval-seconds", 30, 1, 86_400))));
        bind("finishRun", new FinishRun(lastRun));
        bind("reportRunFailure", new ReportRunFailure(lastRun, table));
        return new SyncRoutes.Instance(name, table, Schedule.toCronUriParameter(cron), timezone,
                // A request waiting for its verdict holds a thread, and at most outageAfter - 1 wait before an outage stops the run.
                concurrency + outageAfter - 1, outbox.toString());
    }

    /**
     * Takes this sync's state before anything reads it, for as long as the program runs (Camel releases it when it stops):
     * one process at a time syncs a table from one state folder. {@code --verify} writes no state, and with
     * {@code --sync NAME} the other syncs are not this command's.
     */
    private void lockState(Settings settings, Path stateDir, String table) {
        if (settings.bool("verify.enabled", false) || !settings.string("command.sync", name).equals(name)) {
            return;
        }
        String what = topLevel ? "table " + table : "sync " + name + " (table " + table + ")";
        StateLock lock = StateLock.acquire(StateLock.fileFor(stateDir, table), what);
        registry.bind(beanName(name, "stateLock"), StateLock.class, lock, null, "close");
    }

    /** The name a processor of this sync is bound under, as its routes refer to it: {@code <name>.<processor>}. */
    static String beanName(String sync, String processor) {
        return sync + "." + processor;
    }

    private void bind(String processor, Object bean) {
        registry.bind(beanName(name, processor), bean);
    }

    /**
     * A folder of this sync: the one its own setting names; for one of several syncs without it, a folder named after the
     * sync inside the shared one, so that no two syncs share checkpoints or dead letters.
     */
    private Path folder(Settings settings, String setting, Path shared) {
        if (topLevel) {
            return shared;
        }
        return settings.own(setting).map(Path::of).orElse(shared.resolve(name));
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
        for (String setting : List.of("mapping.timezone", "insider.skip-hook", "insider.not-append", "insider.event-name-pattern")) {
            settings.optional(setting).ifPresent(value -> batchSettings.put(setting, value));
        }
        return batchSettings;
    }

    private static List<String> keyColumns(Settings settings) {
        String setting = settings.nameOf("sync.key-columns");
        List<String> columns = Arrays.stream(settings.require("sync.key-columns").split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .map(c -> SqlNames.column(setting, c)).toList();
        if (columns.isEmpty()) {
            throw new ConfigurationException("Setting " + setting + " must name at least one column");
        }
        return columns;
    }
}
