package io.insidersync.run;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.insidersync.insider.InFlightRequests;
import io.insidersync.source.TableSchema;
import io.insidersync.source.Window;
import io.insidersync.source.WindowProgress;
import org.apache.camel.Exchange;

/** One sync run: its window and what happened to it, counted as the rows stream through. Safe across threads. */
public final class SyncRun {

    /** The exchange property that carries the run through the routes. */
    public static final String PROPERTY = "syncRun";

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String table;
    private final Instant started = Instant.now();
    /** The run's start time, sortable: names of files a run writes begin with it. */
    private final String id = RUN_ID.format(started);
    private volatile TableSchema schema;
    private final InFlightRequests inFlight;
    private volatile Window window;
    private volatile WindowProgress progress;
    private volatile OptionalLong latestVersion = OptionalLong.empty();
    private final LongAdder rowsRead = new LongAdder();
    private volatile boolean readingStopped;
    private final LongAdder batchesAdmitted = new LongAdder();
    private final LongAdder usersDelivered = new LongAdder();
    private final LongAdder eventsDelivered = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    private final SyncMetrics metrics;
    /** The clock the progress interval is timed by: System.nanoTime, or a test's. */
    private final LongSupplier nanoTime;
    /** When progress was last logged (by that clock), starting with the run. */
    private final AtomicLong progressLoggedAt;

    /**
     * @param concurrency how many requests may be in flight at once
     * @param outageAfter how many requests in a row Insider leaves unanswered make an outage
     */
    public SyncRun(String table, int concurrency, int outageAfter, SyncMetrics metrics) {
        this(table, concurrency, outageAfter, metrics, System::nanoTime);
    }

    /** @param nanoTime the clock the progress interval is timed by, read as System.nanoTime is */
    SyncRun(String table, int concurrency, int outageAfter, SyncMetrics metrics, LongSupplier nanoTime) {
        this.table = table;
        this.inFlight = new InFlightRequests(concurrency, outageAfter);
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.progressLoggedAt = new AtomicLong(nanoTime.getAsLong());
    }

    public static SyncRun of(Exchange exchange) {
        SyncRun run = exchange.getProperty(PROPERTY, SyncRun.class);
        if (run == null) {
            throw new IllegalStateException("no sync run on this exchange: the route must start one first");
        }
        return run;
    }

    public String table() {
        return table;
    }

    /** The table's columns, read and checked against the mapping at the start of the run. */
    public TableSchema schema() {
        if (schema == null) {
            throw new IllegalStateException("the run has not read the table's columns: the route must check the mapping first");
        }
        return schema;
    }

    public void setSchema(TableSchema schema) {
        this.schema = schema;
    }

    /** The window being read, or null when there is nothing to read. */
    public Window getWindow() {
        return window;
    }

    public void setWindow(Window window) {
        this.window = window;
    }

    /** The requests this run has in flight. */
    public InFlightRequests inFlight() {
        return inFlight;
    }

    /** Which batches of the window were acknowledged (set with the window). */
    public WindowProgress progress() {
        return progress;
    }

    public void setProgress(WindowProgress progress) {
        this.progress = progress;
    }

    public OptionalLong latestVersion() {
        return latestVersion;
    }

    public void setLatestVersion(OptionalLong latestVersion) {
        this.latestVersion = latestVersion;
    }

    /** The table's meters: what this run does is counted there as it happens. */
    public SyncMetrics metrics() {
        return metrics;
    }

    /** Whether progress should be logged now: true at most once per interval, for one caller. */
    public boolean progressDue(Duration interval) {
        long last = progressLoggedAt.get();
        long now = nanoTime.getAsLong();
        return now - last >= interval.toNanos() && progressLoggedAt.compareAndSet(last, now);
    }

    /** When the run started. */
    public Instant started() {
        return started;
    }

    /** A row failed: the rows not yet read are not read (the run fails with the row's failure). */
    public void stopReading() {
        readingStopped = true;
    }

    public boolean readingStopped() {
        return readingStopped;
    }

    /** A batch was handed to a sender. */
    public void batchAdmitted() {
        batchesAdmitted.increment();
    }

    public long batchesAdmitted() {
        return batchesAdmitted.sum();
    }

    /** {@code rows} more rows were read from the window. */
    public void rowsRead(long rows) {
        rowsRead.add(rows);
        metrics.rowsRead(rows);
    }

    public void delivered(int users, int events) {
        usersDelivered.add(users);
        eventsDelivered.add(events);
        metrics.delivered(users, events);
    }

    public void requestSent() {
        requests.increment();
    }

    public void deadLettered(String stage, int records) {
        deadLettered.add(records);
        metrics.deadLettered(stage, records);
    }

    /** The name of a batch's outbox file: run id, then the batch's number, so names sort in window order. */
    public String requestFileName(long batch) {
        return id + "-" + String.format("%06d", batch) + ".json";
    }

    public long rowsRead() {
        return rowsRead.sum();
    }

    public long usersDelivered() {
        return usersDelivered.sum();
    }

    public long eventsDelivered() {
        return eventsDelivered.sum();
    }

    public long requests() {
        return requests.sum();
    }

    public long deadLetteredCount() {
        return deadLettered.sum();
    }

    /** The one-line summary every run ends with. */
    public String summary() {
        String windowText = window != null ? "window " + window
                : "up to date" + (latestVersion.isPresent() ? " at version " + latestVersion.getAsLong() : "");
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        return String.format("sync %s: %s, rows read %d, users %d, events %d, requests %d, dead-lettered %d, duration %.1f s",
                table, windowText, rowsRead(), usersDelivered(), eventsDelivered(), requests(), deadLetteredCount(), seconds);
    }
}
