package io.insidersync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.insidersync.config.ConfigurationException;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void hourlyFiresAtTheTopOfEveryHour() {
        assertEquals("0 0 * * * ?", Schedule.toCron("hourly"));
    }

    @Test
    void dailyFiresAtTheGivenTime() {
        assertEquals("0 30 2 * * ?", Schedule.toCron("daily@02:30"));
        assertEquals("0 5 23 * * ?", Schedule.toCron("DAILY@23:05"));
    }

    @Test
    void aQuartzCronPassesThroughAndBecomesUriSafe() {
        assertEquals("0 */15 * * * ?", Schedule.toCron("0 */15 * * * ?"));
        assertEquals("0+*/15+*+*+*+?", Schedule.toCronUriParameter("0 */15 * * * ?"));
    }

    @Test
    void anythingElseIsAConfigurationErrorNamingTheSetting() {
        for (String wrong : new String[] {"daily@24:00", "daily@7", "every hour", "0 0 * * *"}) {
            ConfigurationException error = assertThrows(ConfigurationException.class, () -> Schedule.toCron(wrong));
            assertTrue(error.getMessage().contains("sync.schedule"), error.getMessage());
        }
    }

    @Test
    void anUnknownTimezoneIsAConfigurationError() {
        Schedule.checkTimezone("Europe/Istanbul");
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> Schedule.checkTimezone("Mars/Olympus"));
        assertTrue(error.getMessage().contains("sync.timezone"), error.getMessage());
    }
}
