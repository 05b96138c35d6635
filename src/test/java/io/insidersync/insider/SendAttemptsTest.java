package io.insidersync.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SendAttemptsTest {

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertEquals(7_000L, SendAttempts.delayMillis(Map.of("retry-after", "7")));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        long delay = SendAttempts.delayMillis(Map.of("Retry-After", inTenSeconds));
        assertTrue(delay > 8_000 && delay <= 10_000, "delay " + delay);
    }

    @Test
    void noUsableHeaderLeavesTheBackoff() {
        assertNull(SendAttempts.delayMillis(Map.of()));
        assertNull(SendAttempts.delayMillis(Map.of("Retry-After", "soon")));
    }
}
