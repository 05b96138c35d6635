package io.insidersync.run;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;

import io.insidersync.config.ConfigurationException;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up: whether {@code sync.schedule} fired (in {@code sync.timezone}) since the last run started, while the
 * program was down. However many fires were missed, the answer leads to one run. Before the first run ever, nothing
 * was missed: the schedule decides.
 */
public final class MissedFire {

    private static final Logger LOG = LoggerFactory.getLogger("io.insidersync.sync");

    private final ScheduleState state;
    private final CronExpression cron;
    private final Clock clock;

    public MissedFire(ScheduleState state, String cronExpression, String timezone, Clock clock) {
        this.state = state;
        try {
            this.cron = new CronExpression(cronExpression);
        } catch (ParseException e) {
            throw new ConfigurationException("Setting sync.schedule: '" + cronExpression + "' is not a valid Quartz cron expression");
        }
        this.cron.setTimeZone(TimeZone.getTimeZone(timezone));
        this.clock = clock;
    }

    public boolean missed() {
        Optional<Instant> last = state.lastRunStartedAt();
        if (last.isEmpty()) {
            return false;
        }
        Date next = cron.getNextValidTimeAfter(Date.from(last.get()));
        boolean missed = next != null && next.toInstant().isBefore(clock.instant());
        if (missed) {
            LOG.info("The schedule fired at {} while the program was down (the last run started at {}): running once now", next.toInstant(),
                    last.get());
        }
        return missed;
    }
}
