package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

    @Test
    void findsMetricNamesAndSkipsFunctionsLabelsKeywordsDurationsAndGrafanaVariables() {
        assertThat(PromQlMetricNames.of("sum(rate(trackstream_processor_events_in_total{carrier=~\"$carrier\",source!=\"sync\"}[$__rate_interval])) by (carrier, source)"))
                .containsExactly("trackstream_processor_events_in_total");
        assertThat(PromQlMetricNames.of("histogram_quantile(0.95, sum by (le, provider) (rate(trackstream_processor_latency_event_time_seconds_bucket[5m])))"))
                .containsExactly("trackstream_processor_latency_event_time_seconds_bucket");
        assertThat(PromQlMetricNames.of("sum(kafka_consumer_fetch_manager_records_lag_max{application=\"order-notifier\"}) or vector(0)"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(PromQlMetricNames.of("increase(trackstream_notifier_calls_total{outcome!=\"ok\"}[1h] offset 1d) / ignoring(outcome) group_left "
                + "sum without (outcome) (increase(trackstream_notifier_calls_total[1h]))"))
                .containsExactly("trackstream_notifier_calls_total");
        assertThat(PromQlMetricNames.of("label_replace(up{job=\"trackstream\"}, \"app\", \"$1\", \"instance\", \"(.*):.*\")"))
                .containsExactly("up");
        assertThat(PromQlMetricNames.of("{__name__=\"trackstream_pollers_poll_targets\", application=\"producer-pollers\"}"))
                .containsExactly("trackstream_pollers_poll_targets");
        assertThat(PromQlMetricNames.of("topk(5, sum by (carrier) (rate(a_total[5m:1m]))) > bool 1e3 and on() hour() > 8 unless b_total @ start()"))
                .containsExactly("a_total", "b_total");
        assertThat(PromQlMetricNames.of("max_over_time(trackstream:ingest_rate:5m[1h30m]) * on(instance) group_right() c_info"))
                .containsExactly("trackstream:ingest_rate:5m", "c_info");
        assertThat(PromQlMetricNames.of("sum(rate(x_total[${__range}])) / ${divisor} + [[legacy]]")).containsExactly("x_total");
    }

    @Test
    void keepsHistogramAndSummarySuffixesBecauseTheyAreWhatTheAppsExportAsSamples() {
        // A Micrometer timer is exported as x_seconds_count/_sum/_max, plus x_seconds_bucket only when it publishes a
        // histogram: the names are compared with the scraped sample names as they are, so a _bucket query on a timer
        // without buckets, or a query on the bare x_seconds, is reported as not exported.
        assertThat(PromQlMetricNames.of("histogram_quantile(0.99, sum by (le, since) (rate(trackstream_notifier_delivered_to_closed_seconds_bucket[$__rate_interval])))"))
                .containsExactly("trackstream_notifier_delivered_to_closed_seconds_bucket");
        assertThat(PromQlMetricNames.of("sum by (provider) (rate(trackstream_pollers_cycle_lag_seconds_sum[$__rate_interval])) / "
                + "sum by (provider) (rate(trackstream_pollers_cycle_lag_seconds_count[$__rate_interval]))"))
                .containsExactly("trackstream_pollers_cycle_lag_seconds_sum", "trackstream_pollers_cycle_lag_seconds_count");
        assertThat(PromQlMetricNames.of("max by (application, client_id) (kafka_consumer_fetch_manager_records_lag_max{client_id!~\".*restore-consumer\"})"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(PromQlMetricNames.of("sum(increase(a_total{carrier=~\"$carrier\"}[$__range])) / sum(increase(b_total[$__range])) + 0 * sum(c_info)"))
                .containsExactly("a_total", "b_total", "c_info");
    }

    @Test
    void readsEveryExprOfTheDashboardInRowsAndTemplating() throws Exception {
        String dashboard = """
                {"panels": [
                   {"type": "row", "panels": [
                      {"type": "timeseries", "targets": [{"refId": "A", "expr": "rate(a_total[5m])", "legendFormat": "{{carrier}}"}]}]},
                   {"type": "stat", "targets": [{"refId": "A", "expr": "sum(b_seconds_bucket)"}, {"refId": "B", "expr": "up"}]},
                   {"type": "text", "options": {"content": "rate(not_a_query_total[5m])"}}],
                 "templating": {"list": [
                   {"name": "carrier", "query": "label_values(trackstream_processor_events_in_total{provider=\\"x\\"}, carrier)"},
                   {"name": "app", "query": {"query": "query_result(count by (application) (jvm_info))", "refId": "V"}},
                   {"name": "interval", "query": "1m,5m,1h"}]}}
                """;

        assertThat(PromQlMetricNames.ofDashboard(new ObjectMapper().readTree(dashboard)))
                .containsExactlyInAnyOrder("a_total", "b_seconds_bucket", "up", "trackstream_processor_events_in_total", "jvm_info");
    }
}
