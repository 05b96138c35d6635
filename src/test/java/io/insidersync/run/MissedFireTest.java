package io.insidersync.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissedFireTest {

    @TempDir
    Path dir;

    private boolean missed(String schedule, String timezone, String lastRun, String now) {
        ScheduleState state = new ScheduleState(dir, "t");
        if (lastRun != null) {
            state.runStarted(Instant.parse(lastRun));
        }
        return new MissedFire(state, Schedule.toCron(schedule), timezone, Clock.fixed(Instant.parse(now), ZoneOffset.UTC)).missed();
    }

    @Test
    void aFireBetweenTheLastRunAndNowWasMissed() {
        assertTrue(missed("hourly", "UTC", "2026-11-20T09:00:00Z", "2026-11-20T10:00:30Z"));
        assertTrue(missed("daily@02:30", "UTC", "2026-11-17T02:30:00Z", "2026-11-20T09:00:00Z"), "three fires missed: one answer");
    }

    @Test
    void noFireSinceTheLastRunMeansNothingWasMissed() {
        assertFalse(missed("hourly", "UTC", "2026-11-20T09:00:00Z", "2026-11-20T09:59:59Z"));
        assertFalse(missed("daily@02:30", "UTC", "2026-11-20T02:30:00Z", "2026-11-20T23:00:00Z"));
    }

    @Test
    void beforeTheFirstRunNothingWasMissed() {
        assertFalse(missed("hourly", "UTC", null, "2026-11-20T10:00:30Z"));
    }

    @Test
    void theScheduleIsReadInSyncTimezone() {
        // 02:30 in Istanbul (UTC+3) is 23:30 UTC the day before.
        assertTrue(missed("daily@02:30", "Europe/Istanbul", "2026-11-19T23:00:00Z", "2026-11-19T23:45:00Z"));
        assertFalse(missed("daily@02:30", "UTC", "2026-11-19T23:00:00Z", "2026-11-19T23:45:00Z"));
    }

    @Test
    void oneScheduledRunAtATime() {
        RunGuard guard = new RunGuard();
        assertTrue(guard.tryStart());
        assertFalse(guard.tryStart(), "a second run while the first is going");
        guard.finish();
        assertTrue(guard.tryStart());
    }
}
