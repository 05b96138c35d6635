package io.insidersync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The benchmark (scripts/bench): for each size, generates (or reuses) a change table of that many change rows, then,
 * for each repetition, runs one full sync window through the real routes ({@link SyncRunner}), the hand-written
 * pipeline without Camel ({@link Baseline}) and the source alone ({@link SourceOnly}: the window's rows taken from the
 * driver, nothing else), each in a child JVM of its own with the same heap limit and against a fresh Insider stand-in
 * ({@link StandIn}) in another process. Prints each run's figures, then the median of each figure per size, the ratio of
 * the sync's rows/s to the baseline's, and the sync's share of the source's rows/s.
 *
 * <p>Options: {@code --sizes 100000,1000000,5000000} (change rows), {@code --reps 3}, {@code --xmx 512m},
 * {@code --only sync|baseline|source}, {@code --jvm-arg ARG} (added to every child, repeatable: {@code -XX:StartFlightRecording=…};
 * {@code {run}} in it is the run's folder), {@code --source duckdb|server|embedded} ({@link BenchSource}; DuckDB by default,
 * H2 in a process of its own, {@link DbServer}, or H2 inside the measured JVM), and {@code --db-xmx 8g}, the heap of the H2
 * server process.
 */
public final class Bench {

    static final String RESULT_PREFIX = "BENCH-RESULT ";
    /** What is measured, in the order it runs. */
    private static final List<String> KINDS = List.of("sync", "baseline", "source");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("target", "bench");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(100_000L, 1_000_000L, 5_000_000L);
        int reps = 3;
        String xmx = "512m";
        String only = null;
        List<String> jvmArgs = new ArrayList<>();
        BenchSource source = BenchSource.DUCKDB;
        String dbXmx = "8g";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(s -> parseSize(s.trim())).toList();
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--xmx" -> xmx = args[++i];
                case "--only" -> {
                    only = args[++i];
                    childClass(only);
                }
                case "--jvm-arg" -> jvmArgs.add(args[++i]);
                case "--source" -> source = BenchSource.parse(args[++i]);
                case "--db-xmx" -> dbXmx = args[++i];
                case "--help", "-h" -> {
                    System.out.println("usage: scripts/bench [--sizes 100000,1000000,5000000] [--reps 3] [--xmx 512m] "
                            + "[--only sync|baseline|source] [--jvm-arg ARG]... [--source duckdb|server|embedded] [--db-xmx 8g]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        Files.createDirectories(ROOT);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path report = ROOT.resolve("results-" + stamp + ".txt");
        System.out.printf("benchmark: sizes %s, %d repetition(s), -Xmx%s, source %s, %d cores; report in %s%n", sizes, reps, xmx,
                source.description() + (source == BenchSource.H2_SERVER ? " (-Xmx" + dbXmx + ")" : ""), Runtime.getRuntime().availableProcessors(), report);

        List<String> summary = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (long size : sizes) {
            Path data = BenchData.dir(ROOT, source, size);
            BenchData.ensure(source, data, size);
            Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
            for (int rep = 1; rep <= reps; rep++) {
                for (String kind : KINDS) {
                    if (only != null && !only.equals(kind)) {
                        continue;
                    }
                    Map<String, Object> figures;
                    try {
                        figures = runOnce(kind, size, rep, source, data, xmx, jvmArgs, dbXmx);
                    } catch (RunFailed e) {
                        System.out.println("  " + kind + " #" + rep + " FAILED: " + e.getMessage());
                        failures.add(String.format(Locale.ROOT, "%,d change rows, %s #%d FAILED: %s", size, kind, rep, e.getMessage()));
                        continue;
                    }
                    runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(figures);
                    System.out.println("  " + line(kind + " #" + rep, figures));
                }
            }
            Map<String, Map<String, Object>> medians = new LinkedHashMap<>();
            runs.forEach((kind, list) -> medians.put(kind, medians(list)));
            int first = summary.size();
            summary.add(String.format(Locale.ROOT, "%,d change rows, median of %s:", size,
                    runs.values().stream().map(l -> String.valueOf(l.size())).distinct().reduce((a, b) -> a + "/" + b).orElse("0")));
            medians.forEach((kind, figures) -> summary.add("  " + line(kind, figures)));
            if (medians.containsKey("sync") && medians.containsKey("baseline")) {
                double ratio = (double) medians.get("sync").get("rows_per_s") / (double) medians.get("baseline").get("rows_per_s");
                summary.add(String.format(Locale.ROOT, "  ratio sync/baseline (rows/s): %.2f", ratio));
            }
            if (medians.containsKey("sync") && medians.containsKey("source")) {
                double share = (double) medians.get("sync").get("rows_per_s") / (double) medians.get("source").get("rows_per_s");
                summary.add(String.format(Locale.ROOT, "  sync/source (rows/s): %.2f (the source alone is the ceiling on this machine)", share));
            }
            summary.subList(first, summary.size()).forEach(System.out::println);
        }
        System.out.println();
        System.out.println(header());
        summary.addAll(failures);
        summary.forEach(System.out::println);
        try (Writer out = Files.newBufferedWriter(report)) {
            out.write("sizes " + sizes + ", " + reps + " repetition(s), -Xmx" + xmx + ", source " + source.option() + "\n");
            out.write(header() + "\n");
            for (String s : summary) {
                out.write(s + "\n");
            }
        }
    }

    private static long parseSize(String size) {
        String s = size.toLowerCase(Locale.ROOT).replace("_", "");
        if (s.endsWith("k")) {
            return Long.parseLong(s.substring(0, s.length() - 1)) * 1_000;
        }
        if (s.endsWith("m")) {
            return Long.parseLong(s.substring(0, s.length() - 1)) * 1_000_000;
        }
        return Long.parseLong(s);
    }

    private static String header() {
        return String.format(Locale.ROOT, "%-12s %9s %9s %8s %8s %8s %9s %8s %10s %9s %8s", "run", "rows", "read", "users", "requests",
                "seconds", "rows/s", "users/s", "heapMB", "rssMB", "gcMs");
    }

    private static String line(String name, Map<String, Object> f) {
        return String.format(Locale.ROOT, "%-12s %9d %9d %8d %8d %8.2f %9.0f %8.0f %10.1f %9.1f %8d", name, num(f, "rows").longValue(),
                num(f, "rows_read").longValue(), num(f, "users").longValue(), num(f, "requests").longValue(), num(f, "seconds").doubleValue(),
                num(f, "rows_per_s").doubleValue(), num(f, "users_per_s").doubleValue(), num(f, "heap_after_gc_mb").doubleValue(),
                num(f, "rss_peak_mb").doubleValue(), num(f, "gc_ms").longValue())
                + String.format(Locale.ROOT, "   (heap pool peaks %.0f MB, run %.2f s, cpu %.1f s", num(f, "heap_pool_peak_mb").doubleValue(),
                num(f, "run_seconds").doubleValue(), num(f, "cpu_seconds").doubleValue())
                + (f.containsKey("query_seconds") ? String.format(Locale.ROOT, "; first row after %.2f s, reading rows %.2f s",
                num(f, "query_seconds").doubleValue(), num(f, "read_seconds").doubleValue()) : "")
                + ")";
    }

    private static Number num(Map<String, Object> figures, String name) {
        Object value = figures.get(name);
        return value instanceof Number n ? n : -1;
    }

    private static Map<String, Object> medians(List<Map<String, Object>> runs) {
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String name : runs.get(0).keySet()) {
            List<Double> values = new ArrayList<>();
            for (Map<String, Object> run : runs) {
                if (run.get(name) instanceof Number n) {
                    values.add(n.doubleValue());
                }
            }
            if (values.size() == runs.size()) {
                values.sort(null);
                int middle = values.size() / 2;
                medians.put(name, values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2);
            }
        }
        return medians;
    }

    /** One run in a child JVM against a stand-in of its own; its figures, with the stand-in's counts and the rates. */
    private static Map<String, Object> runOnce(String kind, long size, int rep, BenchSource source, Path data, String xmx, List<String> jvmArgs,
                                               String dbXmx)
            throws Exception {
        Path dir = ROOT.resolve("runs").resolve(size + "-" + kind + "-" + rep).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");

        String url = BenchData.url(source, data);
        Process db = null;
        BufferedReader dbOut = null;
        if (source == BenchSource.H2_SERVER) {
            db = new ProcessBuilder(javaBin, "-Xmx" + dbXmx, "-cp", classPath, DbServer.class.getName(), "7200")
                    .redirectError(dir.resolve("db.err").toFile()).start();
            dbOut = new BufferedReader(new InputStreamReader(db.getInputStream(), StandardCharsets.UTF_8));
            url = "jdbc:h2:tcp://127.0.0.1:" + port(db, dbOut, dir.resolve("db.err")) + "/" + data.toAbsolutePath().resolve("source");
        }
        Process standIn = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", classPath, StandIn.class.getName(), "7200")
                .redirectError(dir.resolve("standin.err").toFile()).start();
        BufferedReader standInOut = new BufferedReader(new InputStreamReader(standIn.getInputStream(), StandardCharsets.UTF_8));
        int port = port(standIn, standInOut, dir.resolve("standin.err"));

        Path properties = dir.resolve("bench.properties");
        writeProperties(properties, url, dir, port);
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx" + xmx, "--add-opens=java.base/java.nio=ALL-UNNAMED"));
        for (String arg : jvmArgs) {
            command.add(arg.replace("{run}", dir.toString()));
        }
        command.addAll(List.of("-cp", classPath, childClass(kind).getName(), properties.toString()));
        Map<String, Object> figures = null;
        Process child = new ProcessBuilder(command).redirectError(dir.resolve("child.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve("child.out")))) {
            String line;
            while ((line = out.readLine()) != null) {
                log.println(line);
                if (line.startsWith(RESULT_PREFIX)) {
                    figures = JSON.readValue(line.substring(RESULT_PREFIX.length()), new TypeReference<LinkedHashMap<String, Object>>() { });
                }
            }
        }
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
        }
        standIn.getOutputStream().write("stop\n".getBytes(StandardCharsets.US_ASCII));
        standIn.getOutputStream().flush();
        String counts = standInOut.readLine();
        if (!standIn.waitFor(30, TimeUnit.SECONDS)) {
            standIn.destroyForcibly();
        }
        if (db != null) {
            db.getOutputStream().write("stop\n".getBytes(StandardCharsets.US_ASCII));
            db.getOutputStream().flush();
            if (!db.waitFor(60, TimeUnit.SECONDS)) {
                db.destroyForcibly();
            }
        }
        if (figures == null || child.exitValue() != 0) {
            throw new RunFailed("exit " + child.exitValue() + ", " + cause(dir) + " (see " + dir.resolve("child.err") + ")");
        }
        figures.put("rows", size);
        if (counts != null && counts.startsWith("STANDIN ")) {
            for (String part : counts.substring(8).split(" ")) {
                String[] kv = part.split("=");
                figures.put("standin_" + kv[0], Long.parseLong(kv[1]));
            }
            if (!figures.get("standin_requests").equals(((Number) figures.get("requests")).longValue())) {
                System.out.println("  warning: " + kind + " counted " + figures.get("requests") + " requests, the stand-in "
                        + figures.get("standin_requests"));
            }
        }
        if (!kind.equals("source") && (((Number) figures.get("users")).longValue() == 0 || ((Number) figures.get("dead_lettered")).longValue() > 0)) {
            System.out.println("  warning: " + kind + " sent " + figures.get("users") + " users and dead-lettered " + figures.get("dead_lettered")
                    + " (the benchmark's rows should all be sent): see " + dir);
        }
        double seconds = ((Number) figures.get("seconds")).doubleValue();
        figures.put("rows_per_s", size / seconds);
        figures.put("users_per_s", ((Number) figures.get("users")).doubleValue() / seconds);
        Files.writeString(dir.resolve("figures.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        return figures;
    }

    private static Class<?> childClass(String kind) {
        return switch (kind) {
            case "sync" -> SyncRunner.class;
            case "baseline" -> Baseline.class;
            case "source" -> SourceOnly.class;
            default -> throw new IllegalArgumentException("--only is sync, baseline or source, not " + kind);
        };
    }

    /** A run that did not finish (the child failed): the benchmark goes on with the next. */
    private static final class RunFailed extends Exception {
        RunFailed(String message) {
            super(message);
        }
    }

    /** The line that says why a child failed: its "Sync failed" line, or the first OutOfMemoryError. */
    private static String cause(Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("child.out")));
        lines.addAll(Files.readAllLines(dir.resolve("child.err")));
        for (String marker : List.of("Sync failed", "baseline failed", "OutOfMemoryError", "Exception")) {
            for (String line : lines) {
                if (line.contains(marker)) {
                    return line.length() > 240 ? line.substring(0, 240) + "…" : line;
                }
            }
        }
        return "no message";
    }

    private static int port(Process process, BufferedReader out, Path errors) throws IOException {
        String portLine = out.readLine();
        if (portLine == null || !portLine.startsWith("PORT ")) {
            process.destroy();
            throw new IllegalStateException("a helper process did not start: see " + errors);
        }
        return Integer.parseInt(portLine.substring(5).trim());
    }

    private static void writeProperties(Path file, String url, Path dir, int port) throws IOException {
        String properties = String.join("\n",
                "# Written by the benchmark (io.insidersync.bench.Bench) for one run.",
                "source.kind=jdbc",
                "source.jdbc-url=" + url,
                "sync.table=" + BenchData.TABLE,
                "sync.key-columns=line_id",
                "sync.start=snapshot",
                "sync.state-dir=" + dir.resolve("state"),
                "deadletter.dir=" + dir.resolve("deadletter"),
                "insider.outbox-dir=" + dir.resolve("outbox"),
                "insider.dry-run=false",
                "insider.url=http://127.0.0.1:" + port + "/api/user/v1/upsert",
                "insider.partner-name=bench",
                "insider.request-token=bench-token",
                "insider.batch-max-users=1000",
                "insider.concurrency=4",
                "mapping.identifiers.email=email",
                "mapping.identifiers.custom.customer_id=customer_id",
                "mapping.attributes.name=first_name",
                "mapping.attributes.surname=last_name",
                "mapping.attributes.country=country",
                "mapping.attributes.city=city",
                "mapping.attributes.custom.loyalty_tier=loyalty_tier",
                "mapping.event.name=event_name",
                "mapping.event.timestamp=event_time",
                "mapping.event.params.event_group_id=order_id",
                "mapping.event.params.product_id=product_id",
                "mapping.event.params.name=product_name",
                "mapping.event.params.taxonomy=category",
                "mapping.event.params.currency=currency",
                "mapping.event.params.quantity=quantity",
                "mapping.event.params.unit_price=unit_price",
                "mapping.event.params.unit_sale_price=unit_sale_price",
                "mapping.timezone=UTC",
                "");
        Files.writeString(file, properties);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
