package io.insidersync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.insidersync.source.Window;
import org.junit.jupiter.api.Test;

class ReportProgressTest {

    @Test
    void progressIsDueOncePerInterval() throws InterruptedException {
        SyncRun run = new SyncRun("t", 1, 3, SyncMetrics.unregistered("t"));
        assertFalse(run.progressDue(Duration.ofMillis(200)), "not before the first interval has passed");
        Thread.sleep(250);
        assertTrue(run.progressDue(Duration.ofMillis(200)));
        assertFalse(run.progressDue(Duration.ofMillis(200)), "once per interval");
    }

    @Test
    void theLineSaysRowsUsersRequestsAndRate() {
        SyncRun run = new SyncRun("t", 1, 3, SyncMetrics.unregistered("t"));
        run.setWindow(Window.changes(5, 9));
        for (int i = 0; i < 100; i++) {
            run.rowRead();
        }
        run.delivered(40, 60);
        run.requestSent();
        String line = ReportProgress.line(run, run.started().plusSeconds(10));
        assertEquals("sync t: window 5..9 in progress after 10 s: rows read 100 (10/s), users 40, requests 1, dead-lettered 0", line);
    }
}
