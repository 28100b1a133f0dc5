package io.trackstream.pollers.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import org.springframework.scheduling.support.CronExpression;

/** When a provider's poll cycles fire: a Spring cron expression read in a configured zone. */
public record ProviderSchedule(String provider, CronExpression cron, ZoneId zone) {

    public ProviderSchedule {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
    }

    public static ProviderSchedule of(String provider, String expression, ZoneId zone) {
        if (!CronExpression.isValidExpression(expression)) {
            throw new IllegalArgumentException("trackstream.pollers.providers." + provider + ".schedule is not a valid cron"
                    + " expression (six fields, seconds first): " + expression);
        }
        return new ProviderSchedule(provider, CronExpression.parse(expression), zone);
    }

    /** The first fire time strictly after {@code instant}; null if the expression never fires again. */
    public Instant nextAfter(Instant instant) {
        ZonedDateTime next = cron.next(instant.atZone(zone));
        return next == null ? null : next.toInstant();
    }
}
