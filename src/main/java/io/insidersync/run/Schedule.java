package io.insidersync.run;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.insidersync.config.ConfigurationException;
import org.quartz.CronExpression;

/**
 * Turns {@code sync.schedule} into a Quartz cron expression: {@code hourly} (top of every hour),
 * {@code daily@HH:MM}, or a Quartz cron expression given as is.
 */
public final class Schedule {

    private static final Pattern DAILY = Pattern.compile("daily@(\\d{1,2}):(\\d{2})");

    private Schedule() {
    }

    public static String toCron(String schedule) {
        String value = schedule.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("hourly")) {
            return "0 0 * * * ?";
        }
        Matcher daily = DAILY.matcher(lower);
        if (daily.matches()) {
            int hour = Integer.parseInt(daily.group(1));
            int minute = Integer.parseInt(daily.group(2));
            if (hour > 23 || minute > 59) {
                throw new ConfigurationException("Setting sync.schedule: '" + value + "' is not a time of day (daily@HH:MM, 00:00 to 23:59)");
            }
            return "0 " + minute + " " + hour + " * * ?";
        }
        if (lower.startsWith("daily")) {
            throw new ConfigurationException("Setting sync.schedule: '" + value + "' must be written daily@HH:MM, for example daily@02:30");
        }
        if (!CronExpression.isValidExpression(value)) {
            throw new ConfigurationException("Setting sync.schedule: '" + value
                    + "' is neither hourly, daily@HH:MM nor a valid Quartz cron expression (for example 0 */15 * * * ?)");
        }
        return value;
    }

    /** {@code sync.timezone} must be a zone Quartz knows; an unknown one would silently become GMT. */
    public static void checkTimezone(String zone) {
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigurationException("Setting sync.timezone: '" + zone + "' is not a time zone such as UTC or Europe/Istanbul");
        }
    }

    /** The cron expression in the form a Camel endpoint URI accepts (spaces become '+'). */
    public static String toCronUriParameter(String schedule) {
        return toCron(schedule).replace(' ', '+');
    }
}
