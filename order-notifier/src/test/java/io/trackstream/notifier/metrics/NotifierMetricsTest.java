package io.trackstream.notifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The delivered-to-closed latency: from trackstream's receipt of the delivering event, else the delivered date. */
class NotifierMetricsTest {

    private static final Instant NOW = Instant.parse("2024-07-15T10:06:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NotifierMetrics metrics = new NotifierMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void latencyRunsFromTheReceiptOfTheDeliveringEvent() {
        metrics.orderClosed(Instant.parse("2024-07-15T10:05:12Z"), Instant.parse("2024-07-15T10:02:00Z"));

        var timer = registry.get(NotifierMetrics.DELIVERED_TO_CLOSED).tag("since", "received").timer();
        assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(48.0);
    }

    @Test
    void withoutAReceiptTimeItRunsFromTheDeliveredDate() {
        metrics.orderClosed(null, Instant.parse("2024-07-15T10:02:00Z"));

        var timer = registry.get(NotifierMetrics.DELIVERED_TO_CLOSED).tag("since", "delivered").timer();
        assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(240.0);
    }

    @Test
    void aClockAheadOfUsCountsAsNoDelayRatherThanANegativeOne() {
        metrics.orderClosed(NOW.plusSeconds(5), null);

        assertThat(registry.get(NotifierMetrics.DELIVERED_TO_CLOSED).timer().totalTime(TimeUnit.SECONDS)).isZero();
    }
}
