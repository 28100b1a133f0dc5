package io.trackstream.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The latency histograms as Prometheus scrapes them: the Grafana dashboard computes percentiles with
 * histogram_quantile over the {@code _bucket} series, which needs cumulative buckets with enough resolution around
 * the latencies that matter (a quarter of a second) and reaching out to days (carrier event times are that old).
 */
class MicrometerTrackingMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerTrackingMetrics metrics = new MicrometerTrackingMetrics(registry);

    @Test
    void eventsDatedCenturiesOffAreRecordedWithoutFailing() {
        // Duration.between(year 1700, now) overflows a timer's nanoseconds; it must be clamped, not thrown
        metrics.eventApplied("shiplemon", Duration.between(java.time.Instant.parse("1700-01-01T00:00:00Z"), java.time.Instant.now()),
                Duration.ofDays(-1));
        metrics.eventApplied("shiplemon", Duration.ofSeconds(Long.MAX_VALUE), Duration.ofMillis(1));

        assertThat(registry.scrape()).containsPattern("trackstream_processor_latency_event_time_seconds_count\\{[^}]*\\} 2");
    }

    @Test
    void latencyHistogramsExportCumulativeBucketsForHistogramQuantile() {
        metrics.eventApplied("shiplemon", Duration.ofHours(2), Duration.ofMillis(50));
        metrics.eventApplied("shiplemon", Duration.ofDays(3), Duration.ofMillis(150));
        metrics.eventApplied("shiplemon", Duration.ofMinutes(1), Duration.ofSeconds(5));

        String scrape = registry.scrape();

        for (String histogram : List.of("trackstream_processor_latency_received_time_seconds", "trackstream_processor_latency_event_time_seconds")) {
            List<double[]> buckets = buckets(scrape, histogram);
            assertThat(buckets).as(histogram + " buckets").hasSizeGreaterThan(20);
            // cumulative: never decreasing, all three samples in +Inf
            for (int i = 1; i < buckets.size(); i++) {
                assertThat(buckets.get(i)[1]).isGreaterThanOrEqualTo(buckets.get(i - 1)[1]);
            }
            assertThat(buckets.get(buckets.size() - 1)).containsExactly(Double.POSITIVE_INFINITY, 3.0);
            assertThat(scrape).containsPattern(histogram + "_count\\{[^}]*provider=\"shiplemon\"[^}]*\\} 3");
        }
        List<double[]> received = buckets(scrape, "trackstream_processor_latency_received_time_seconds");
        // resolution where the end-to-end target lies: several buckets between 100 ms and 300 ms
        assertThat(received.stream().filter(b -> b[0] > 0.1 && b[0] <= 0.3).count()).isGreaterThanOrEqualTo(3);
        // and the counts are right on either side of the samples
        assertThat(countAtMost(received, 0.1)).isEqualTo(1);
        assertThat(countAtMost(received, 1.0)).isEqualTo(2);
        // event-time latency reaches days: the 3-day-old event is not only in +Inf
        List<double[]> eventTime = buckets(scrape, "trackstream_processor_latency_event_time_seconds");
        assertThat(countAtMost(eventTime, Duration.ofDays(7).toSeconds())).isEqualTo(3);
    }

    /** The count of the largest bucket whose bound is at most {@code seconds}. */
    private static double countAtMost(List<double[]> buckets, double seconds) {
        double count = 0;
        for (double[] b : buckets) {
            if (b[0] <= seconds) {
                count = b[1];
            }
        }
        return count;
    }

    /** (le, count) of each bucket line of a histogram, in scrape order. */
    private static List<double[]> buckets(String scrape, String histogram) {
        Matcher m = Pattern.compile("(?m)^" + histogram + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} (\\S+)").matcher(scrape);
        List<double[]> out = new ArrayList<>();
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            out.add(new double[] {le, Double.parseDouble(m.group(2))});
        }
        return out;
    }
}
