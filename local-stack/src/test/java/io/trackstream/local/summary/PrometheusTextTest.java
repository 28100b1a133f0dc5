package io.trackstream.local.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String SCRAPE = """
            # HELP trackstream_processor_events_in_total Raw events read
            # TYPE trackstream_processor_events_in_total counter
            trackstream_processor_events_in_total{application="processor",carrier="elta",provider="shiplemon",source="POLL"} 46.0
            trackstream_processor_events_in_total{application="processor",carrier="acs",provider="courier-sync",source="WEBHOOK"} 60.0
            trackstream_processor_events_in_total{application="processor",carrier="aramex",provider="carriyo",source="WEBHOOK"} 3.0
            trackstream_processor_latency_event_time_seconds_bucket{le="+Inf",provider="shiplemon"} 12
            weird_label_total{text="a \\"quoted\\", {braced} value",other="x"} 1.5e2
            jvm_info{version="17"} 1 1795389390160

            not a sample
            """;

    @Test
    void readsSamplesWithTheirLabelsAndValues() {
        List<PrometheusText.Sample> samples = PrometheusText.parse(SCRAPE);

        assertThat(PrometheusText.names(samples)).containsExactly("trackstream_processor_events_in_total",
                "trackstream_processor_latency_event_time_seconds_bucket", "weird_label_total", "jvm_info");
        assertThat(samples.get(0).labels()).containsEntry("carrier", "elta").containsEntry("source", "POLL");
        assertThat(samples.get(3).labels()).containsEntry("le", "+Inf");
        assertThat(samples.get(4).labels()).containsEntry("text", "a \"quoted\", {braced} value").containsEntry("other", "x");
        assertThat(samples.get(4).value()).isEqualTo(150.0);
        assertThat(samples.get(5).value()).isEqualTo(1.0);
    }

    @Test
    void sumsAcrossLabelsOrByOne() {
        List<PrometheusText.Sample> samples = PrometheusText.parse(SCRAPE);

        assertThat(PrometheusText.sum(samples, "trackstream_processor_events_in_total")).isEqualTo(109.0);
        assertThat(PrometheusText.sum(samples, "trackstream_processor_events_in_total", l -> "carriyo".equals(l.get("provider")))).isEqualTo(3.0);
        assertThat(PrometheusText.sumBy(samples, "trackstream_processor_events_in_total", "source"))
                .isEqualTo(Map.of("POLL", 46.0, "WEBHOOK", 63.0));
        assertThat(PrometheusText.sum(samples, "absent_total")).isZero();
    }
}
