package io.trackstream.local.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

/** The pollers parse these crons with Spring's CronExpression, so the test does too. */
class DemoScheduleTest {

    @Test
    void atTheDefaultSpeedShiplemonIsPolledEveryThirtySecondsAndTheOthersEveryMinute() {
        assertThat(DemoSchedule.shiplemon(60).cron()).isEqualTo("*/30 * * * * *");
        assertThat(gaps(DemoSchedule.shiplemon(60).cron())).containsOnly(Duration.ofSeconds(30));
        assertThat(gaps(DemoSchedule.salesive(60).cron())).containsOnly(Duration.ofMinutes(1));
        assertThat(gaps(DemoSchedule.courierSync(60).cron())).containsOnly(Duration.ofMinutes(1));
        assertThat(DemoSchedule.shiplemon(60).spread()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void atRealSpeedTheRealSchedulesAreKept() {
        assertThat(DemoSchedule.shiplemon(1)).isEqualTo(new DemoSchedule("0 5,35 * * * *", Duration.ofMinutes(2)));
        assertThat(DemoSchedule.salesive(1).cron()).isEqualTo("0 20 * * * *");
        assertThat(DemoSchedule.courierSync(1).cron()).isEqualTo("0 50 * * * *");
    }

    @Test
    void anyOtherSpeedPollsAtLeastAsOftenAsTheCompressedRhythmAndCyclesNeverOverlap() {
        for (double speed : new double[] {0.5, 2, 7, 13.3, 45, 100, 600, 5000, 100_000}) {
            List<Map.Entry<DemoSchedule, Duration>> realIntervals = List.of(Map.entry(DemoSchedule.shiplemon(speed), DemoSchedule.SHIPLEMON_INTERVAL),
                    Map.entry(DemoSchedule.courierSync(speed), DemoSchedule.HOURLY));
            for (Map.Entry<DemoSchedule, Duration> entry : realIntervals) {
                DemoSchedule schedule = entry.getKey();
                Duration real = entry.getValue();
                Duration compressed = Duration.ofMillis((long) (real.toMillis() / speed));
                List<Duration> gaps = gaps(schedule.cron());
                assertThat(gaps).as("speed %s, cron %s fires evenly", speed, schedule.cron()).hasSize(1);
                assertThat(gaps.get(0)).as("speed %s, cron %s", speed, schedule.cron())
                        .isLessThanOrEqualTo(max(compressed, Duration.ofSeconds(1)));
                assertThat(schedule.spread().multipliedBy(2)).as("speed %s", speed).isLessThanOrEqualTo(gaps.get(0));
            }
        }
    }

    /** The distinct gaps between the next fire times of a cron (one gap: it fires evenly). */
    private static List<Duration> gaps(String cron) {
        CronExpression expression = CronExpression.parse(cron);
        LocalDateTime t = LocalDateTime.of(2026, 11, 22, 10, 0, 1);
        List<Duration> gaps = new ArrayList<>();
        LocalDateTime previous = expression.next(t);
        for (int i = 0; i < 30; i++) {
            LocalDateTime next = expression.next(previous);
            Duration gap = Duration.between(previous, next);
            if (!gaps.contains(gap)) {
                gaps.add(gap);
            }
            previous = next;
        }
        return gaps;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
