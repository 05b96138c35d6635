package io.insidersync.bench;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insidersync.deadletter.DeadLetterRecords;
import io.insidersync.insider.BatchUsers;
import io.insidersync.insider.BenchGrouping;
import io.insidersync.insider.Grouped;
import io.insidersync.insider.UserBatch;
import io.insidersync.mapping.FieldMapping;
import io.insidersync.mapping.FieldType;
import io.insidersync.mapping.InsiderFields;
import io.insidersync.mapping.InsiderRules;
import io.insidersync.mapping.MappingConfig;
import io.insidersync.mapping.RowMapper;
import io.insidersync.mapping.RowResult;
import io.insidersync.mapping.ValueConverter;
import io.insidersync.source.ChangeColumns;
import io.insidersync.source.ChangeQuery;
import io.insidersync.source.ChangeRow;
import io.insidersync.source.BenchReadAhead;
import io.insidersync.source.ChangeTableDialect;
import io.insidersync.source.TableSchema;
import io.insidersync.source.Window;

/**
 * The baseline's child JVM: the smallest pipeline that does the sync's work, without Camel. It reads the same settings
 * file as the sync, issues the same window statement ({@link ChangeQuery}) over plain JDBC, turns each row into a map of
 * column label to value as camel-jdbc's StreamList does, on a thread of its own a few chunks ahead of the rest as the
 * sync's read-ahead step does, maps and groups with the project's own {@link RowMapper} and
 * grouping, packs requests with the project's {@link BatchUsers} (Jackson), and POSTs them with java.net.http, at most
 * {@code insider.concurrency} in flight, reading each answer as JSON. It keeps no checkpoint and no per-batch progress
 * file (the sync does both), and writes no dead letters (the benchmark's rows have none).
 */
public final class Baseline {

    private Baseline() {
    }

    public static void main(String[] args) throws Exception {
        JvmFigures jvm = JvmFigures.start();
        Properties settings = settings(args[0]);
        String table = settings.getProperty("sync.table");
        List<String> keyColumns = List.of(settings.getProperty("sync.key-columns").split(","));
        MappingConfig mapping = mapping(settings);
        ObjectMapper json = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        BatchUsers batching = new BatchUsers(json, Integer.parseInt(settings.getProperty("insider.batch-max-users")), 5_000_000, false, false,
                new DeadLetterRecords(table));
        int concurrency = Integer.parseInt(settings.getProperty("insider.concurrency"));
        URI url = URI.create(settings.getProperty("insider.url"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        AtomicLong users = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(concurrency);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Map<String, Object> sourceFigures = new LinkedHashMap<>();
        try (WindowRows rows = new WindowRows(settings, mapping)) {
            // As in the sync, the rows are read on a thread of their own, a few chunks ahead of the mapping.
            Iterator<Map<String, Object>> readAhead = BenchReadAhead.of(rows, reader);
            RowMapper mapper = new RowMapper(mapping, rows.schema(), new ValueConverter(mapping.timezone()),
                    new InsiderRules(InsiderRules.DEFAULT_EVENT_NAME_PATTERN));
            Iterator<RowResult> mapped = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return readAhead.hasNext();
                }

                @Override
                public RowResult next() {
                    return mapper.map(ChangeRow.of(readAhead.next(), keyColumns));
                }
            };
            try {
                Iterator<Grouped> grouped = BenchGrouping.group(mapped);
                Iterator<UserBatch> batches = batching.batchesOf(grouped, false);
                while (batches.hasNext() && failure.get() == null) {
                    UserBatch batch = batches.next();
                    rejected.addAndGet(batch.getRejections().size());
                    if (batch.getUsers().isEmpty()) {
                        continue;
                    }
                    byte[] body = batch.getBody();
                    inFlight.acquire();
                    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header("X-PARTNER-NAME", settings.getProperty("insider.partner-name"))
                            .header("X-REQUEST-TOKEN", settings.getProperty("insider.request-token"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                        try {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            } else if (response.statusCode() != 200) {
                                failure.compareAndSet(null, new IllegalStateException("HTTP " + response.statusCode()));
                            } else {
                                // Read the answer as the sync does: any "fail" entries would name refused users.
                                if (!json.readTree(response.body()).path("data").path("fail").path("errors").isMissingNode()) {
                                    failure.compareAndSet(null, new IllegalStateException("Insider refused users: " + response.body()));
                                }
                                requests.incrementAndGet();
                                users.addAndGet(batch.getUsers().size());
                                events.addAndGet(batch.getEventCount());
                            }
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
                inFlight.acquire(concurrency);
            } finally {
                // The driver is left alone before the statement and connection close.
                BenchReadAhead.stop(readAhead);
            }
            rows.addFigures(sourceFigures);
        } finally {
            reader.shutdownNow();
        }
        Map<String, Object> figures = jvm.figures();
        figures.put("exit", failure.get() == null ? 0 : 1);
        if (failure.get() != null) {
            System.err.println("baseline failed: " + failure.get());
        }
        figures.putAll(sourceFigures);
        figures.put("users", users.get());
        figures.put("events", events.get());
        figures.put("requests", requests.get());
        figures.put("dead_lettered", rejected.get());
        figures.put("run_seconds", figures.get("seconds"));
        JvmFigures.report(figures);
        System.exit(failure.get() == null ? 0 : 1);
    }

    /** The settings file the benchmark wrote for this run. */
    static Properties settings(String file) throws java.io.IOException {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file))) {
            settings.load(in);
        }
        return settings;
    }

    /**
     * The mapping of the settings file, built as {@code MappingConfig.from} builds it (Insider's own fields first, custom
     * ones after, each group in name order), without Camel's properties component. It knows only what the benchmark maps.
     */
    static MappingConfig mapping(Properties settings) {
        Map<String, String> entries = new TreeMap<>();
        for (String name : settings.stringPropertyNames()) {
            if (name.startsWith("mapping.")) {
                entries.put(name, settings.getProperty(name).trim());
            }
        }
        List<Map.Entry<String, String>> ordered = new ArrayList<>(entries.entrySet());
        ordered.sort(Comparator.comparing(entry -> entry.getKey().contains(".custom.")));
        List<FieldMapping> identifiers = new ArrayList<>();
        List<FieldMapping> attributes = new ArrayList<>();
        List<FieldMapping> params = new ArrayList<>();
        String eventName = null;
        String eventTimestamp = ChangeColumns.COMMIT_TIMESTAMP;
        ZoneId timezone = ZoneId.of("UTC");
        for (Map.Entry<String, String> entry : ordered) {
            String rest = entry.getKey().substring("mapping.".length());
            String column = entry.getValue();
            if (rest.startsWith("identifiers.")) {
                identifiers.add(field(entry.getKey(), rest.substring("identifiers.".length()), column, InsiderFields.IDENTIFIERS, FieldType.IDENTIFIER));
            } else if (rest.startsWith("attributes.")) {
                attributes.add(field(entry.getKey(), rest.substring("attributes.".length()), column, InsiderFields.ATTRIBUTES, FieldType.AS_SOURCE));
            } else if (rest.startsWith("event.params.")) {
                params.add(field(entry.getKey(), rest.substring("event.params.".length()), column, InsiderFields.EVENT_PARAMS, FieldType.AS_SOURCE));
            } else if (rest.equals("event.name")) {
                eventName = column;
            } else if (rest.equals("event.timestamp")) {
                eventTimestamp = column;
            } else if (rest.equals("timezone")) {
                timezone = ZoneId.of(column);
            } else {
                throw new IllegalArgumentException("the baseline does not know " + entry.getKey());
            }
        }
        return new MappingConfig(List.copyOf(identifiers), List.copyOf(attributes), eventName, eventTimestamp, List.copyOf(params), null, timezone);
    }

    private static FieldMapping field(String setting, String name, String column, Map<String, FieldType> defaults, FieldType customType) {
        if (name.startsWith("custom.")) {
            return new FieldMapping(name, column, customType, setting);
        }
        FieldType type = defaults.get(name);
        if (type == null) {
            throw new IllegalArgumentException(setting + ": not a default field");
        }
        return new FieldMapping(name, column, type, setting);
    }
}
