package io.insidersync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.TimeZone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SourceTimeZoneTest {

    private TimeZone original;

    @BeforeEach
    void remember() {
        original = TimeZone.getDefault();
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(original);
    }

    @Test
    void anotherDefaultZoneIsSetToUtc() {
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));

        SourceTimeZone.pinUtc();

        assertEquals("UTC", TimeZone.getDefault().getID());
    }

    @Test
    void theLineSaysWhichZoneItReplaced() {
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));

        Optional<String> line = SourceTimeZone.pin();

        assertTrue(line.isPresent());
        assertTrue(line.get().startsWith("Time zone: the JVM's default zone America/Los_Angeles is set to UTC, "), line.get());
        assertEquals("UTC", TimeZone.getDefault().getID());
    }

    @Test
    void utcUnderAnyNameIsSetWithoutALine() {
        for (String zone : new String[] {"UTC", "Etc/UTC", "GMT"}) {
            TimeZone.setDefault(TimeZone.getTimeZone(zone));

            assertEquals(Optional.empty(), SourceTimeZone.pin(), zone);
            assertEquals("UTC", TimeZone.getDefault().getID(), zone);
        }
    }
}
