package io.insidersync.run;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The sync's own meters, tagged with the table, in the registry that Camel's observability services expose at
 * {@code /observe/metrics} (Prometheus names: {@code sync_rows_read_total}, {@code sync_requests_total{status=…}}, …).
 * Counters are incremented as rows stream through, so a scrape during a long window sees it progress.
 */
public final class SyncMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter rowsRead;
    private final Counter usersSent;
    private final Counter eventsSent;
    private final AtomicLong lagVersions = new AtomicLong();
    private final AtomicLong lagSeconds = new AtomicLong();
    private final AtomicLong lastRunSucceeded = new AtomicLong(1);

    public SyncMetrics(MeterRegistry registry, String table) {
        this.registry = registry;
        this.tags = Tags.of("table", table);
        this.rowsRead = Counter.builder("sync.rows.read").description("Change rows read from the table").tags(tags).register(registry);
        this.usersSent = Counter.builder("sync.users.sent").description("Users Insider accepted").tags(tags).register(registry);
        this.eventsSent = Counter.builder("sync.events.sent").description("Events of the users Insider accepted").tags(tags).register(registry);
        registry.gauge("sync.lag.versions", tags, lagVersions, AtomicLong::get);
        registry.gauge("sync.lag.seconds", tags, lagSeconds, AtomicLong::get);
        registry.gauge("sync.last.run.success", tags, lastRunSucceeded, AtomicLong::get);
    }

    /** Meters that go nowhere: for code run outside a configured application (tests of a single class). */
    public static SyncMetrics unregistered(String table) {
        return new SyncMetrics(new SimpleMeterRegistry(), table);
    }

    public void rowsRead(long rows) {
        rowsRead.increment(rows);
    }

    public void delivered(int users, int events) {
        usersSent.increment(users);
        eventsSent.increment(events);
    }

    /** @param stage where the records were set aside ({@code mapping}, {@code insider-rejected}, {@code delivery-failed}) */
    public void deadLettered(String stage, int records) {
        registry.counter("sync.dead.lettered", tags.and("stage", stage)).increment(records);
    }

    /** @param status the HTTP status of Insider's answer, or what happened instead ({@code timeout}, {@code connection-failed}) */
    public void request(String status) {
        registry.counter("sync.requests", tags.and("status", status)).increment();
    }

    /** @param reason why the request is sent again ({@code rate-limited}, {@code server-error}, …) */
    public void retry(String reason) {
        registry.counter("sync.retries", tags.and("reason", reason)).increment();
    }

    /** How far behind the table's latest commit the sync is, as of now. */
    public void lag(long versions, long seconds) {
        lagVersions.set(Math.max(0, versions));
        lagSeconds.set(Math.max(0, seconds));
    }

    public void runEnded(Duration duration, boolean succeeded) {
        Timer.builder("sync.run").description("Sync runs, by outcome").tags(tags.and("outcome", succeeded ? "success" : "failure"))
                .register(registry).record(duration);
        lastRunSucceeded.set(succeeded ? 1 : 0);
    }
}
