package io.insidersync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.insidersync.source.Window;
import org.junit.jupiter.api.Test;

class ReportProgressTest {

    @Test
    void progressIsDueOncePerInterval() {
        AtomicLong clock = new AtomicLong(-5_000);
        SyncRun run = new SyncRun("t", 1, 3, SyncMetrics.unregistered("t"), clock::get);
        Duration interval = Duration.ofSeconds(30);

        clock.addAndGet(interval.toNanos() - 1);
        assertFalse(run.progressDue(interval), "not before the first interval has passed");
        clock.addAndGet(1);
        assertTrue(run.progressDue(interval));
        assertFalse(run.progressDue(interval), "once per interval");
        clock.addAndGet(interval.toNanos() - 1);
        assertFalse(run.progressDue(interval), "the next interval counts from the last line");
        clock.addAndGet(1);
        assertTrue(run.progressDue(interval), "again after the next interval");
    }

    @Test
    void theLineSaysRowsUsersRequestsAndRate() {
        SyncRun run = new SyncRun("t", 1, 3, SyncMetrics.unregistered("t"));
        run.setWindow(Window.changes(5, 9));
        for (int i = 0; i < 100; i++) {
            run.rowsRead(1);
        }
        run.delivered(40, 60);
        run.requestSent();
        String line = ReportProgress.line(run, run.started().plusSeconds(10));
        assertEquals("sync t: window 5..9 in progress after 10 s: rows read 100 (10/s), users 40, requests 1, dead-lettered 0", line);
    }
}
