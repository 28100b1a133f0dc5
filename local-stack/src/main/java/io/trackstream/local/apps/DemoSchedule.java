package io.trackstream.local.apps;

import java.time.Duration;
import java.util.List;

/**
 * The pollers' schedules, compressed by the demo's speed. Each provider keeps its real rhythm in simulated time:
 * Shiplemon every 30 minutes (:05 and :35, as it asks), Salesive and courier-sync hourly. At speed 60 that is a
 * Shiplemon poll every 30 real seconds and the others every minute, which a cron with a seconds field expresses
 * ({@code *}{@code /30 * * * * *}). The interval is rounded down to one a cron can repeat evenly (a divisor of a minute,
 * an hour or a day), so polls never come less often than the compressed rhythm. At speed 1 the real crons are used.
 */
public record DemoSchedule(String cron, Duration spread) {

    public static final String SHIPLEMON_CRON = "0 5,35 * * * *";
    public static final String SALESIVE_CRON = "0 20 * * * *";
    public static final String COURIER_SYNC_CRON = "0 50 * * * *";
    public static final Duration SHIPLEMON_INTERVAL = Duration.ofMinutes(30);
    public static final Duration HOURLY = Duration.ofHours(1);
    /** The pollers' default spread of a cycle's calls. */
    private static final Duration REAL_SPREAD = Duration.ofMinutes(2);
    private static final List<Integer> DIVISORS_OF_60 = List.of(30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1);
    private static final List<Integer> DIVISORS_OF_24 = List.of(12, 8, 6, 4, 3, 2, 1);

    /** The schedule of a provider polled every {@code realInterval} with the cron {@code realCron}, at {@code speed}. */
    public static DemoSchedule of(String realCron, Duration realInterval, double speed) {
        if (speed == 1) {
            return new DemoSchedule(realCron, REAL_SPREAD);
        }
        long seconds = Math.max(1, (long) (realInterval.toSeconds() / speed));
        String cron;
        long every;
        if (seconds < 60) {
            every = largestDivisorAtMost(DIVISORS_OF_60, seconds);
            cron = "*/" + every + " * * * * *";
        } else if (seconds < 3600) {
            long minutes = largestDivisorAtMost(DIVISORS_OF_60, seconds / 60);
            every = minutes * 60;
            cron = "0 */" + minutes + " * * * *";
        } else {
            long hours = largestDivisorAtMost(DIVISORS_OF_24, Math.min(24, seconds / 3600));
            every = hours * 3600;
            cron = "0 0 */" + hours + " * * *";
        }
        // A cycle's calls are spread over the compressed spread, and at most half the interval, so cycles never overlap.
        long spreadMillis = Math.min((long) (REAL_SPREAD.toMillis() / speed), every * 1000 / 2);
        return new DemoSchedule(cron, Duration.ofMillis(Math.max(0, spreadMillis)));
    }

    public static DemoSchedule shiplemon(double speed) {
        return of(SHIPLEMON_CRON, SHIPLEMON_INTERVAL, speed);
    }

    public static DemoSchedule salesive(double speed) {
        return of(SALESIVE_CRON, HOURLY, speed);
    }

    public static DemoSchedule courierSync(double speed) {
        return of(COURIER_SYNC_CRON, HOURLY, speed);
    }

    private static long largestDivisorAtMost(List<Integer> divisors, long limit) {
        return divisors.stream().filter(d -> d <= limit).findFirst().orElse(1);
    }
}
