package io.trackstream.local.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trackstream.local.prometheus.MonitoringQueries.Query;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class MonitoringQueriesTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @Test
    void grafanasRateIntervalGetsAWindowAFreshPrometheusCanAnswer() {
        assertThat(MonitoringQueries.evaluable("sum by (carrier) (rate(trackstream_processor_events_in_total[$__rate_interval]))"))
                .isEqualTo("sum by (carrier) (rate(trackstream_processor_events_in_total[1m]))");
        assertThat(MonitoringQueries.evaluable("rate(x_total[${__rate_interval}]) + rate(y_total[[[interval]]])"))
                .isEqualTo("rate(x_total[1m]) + rate(y_total[1m])");
    }

    @Test
    void aVariableTheCheckHasNoValueForIsNamed() {
        assertThatThrownBy(() -> MonitoringQueries.evaluable("up{instance=~\"$instance\"}"))
                .hasMessageContaining("$instance");
    }

    @Test
    void aTrailingThresholdIsDroppedSoTheSeriesBehindItAreEvaluated() {
        assertThat(MonitoringQueries.evaluable("sum by (status) (trackstream_processor_shipments) > 0"))
                .isEqualTo("sum by (status) (trackstream_processor_shipments)");
        assertThat(MonitoringQueries.evaluable("up{job=\"trackstream\"} == 0")).isEqualTo("up{job=\"trackstream\"}");
        assertThat(MonitoringQueries.evaluable("sum(rate(a_total[5m])) / sum(rate(b_total[5m])) > 0.05"))
                .isEqualTo("sum(rate(a_total[5m])) / sum(rate(b_total[5m]))");
        assertThat(MonitoringQueries.evaluable("max(lag) > 100\nand\nmax(deriv(lag[15m])) > 0"))
                .isEqualTo("max(lag) and max(deriv(lag[15m]))");
    }

    @Test
    void numbersInsideTheQueryStay() {
        String quantile = "histogram_quantile(0.99, sum by (le) (rate(x_bucket{status=~\"5..\",le!=\"0.5\"}[5m])))";

        assertThat(MonitoringQueries.evaluable(quantile)).isEqualTo(quantile);
    }

    @Test
    void everyPanelQueryOfTheDashboardAndEveryAlertExpressionIsFound() throws IOException {
        List<Query> dashboard = MonitoringQueries.ofDashboard(new ObjectMapper().readTree(
                ROOT.resolve("deploy/grafana/dashboards/trackstream.json").toFile()));
        Map<String, Object> rulesFile = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/alerts.yml")));
        List<Query> rules = MonitoringQueries.ofRules(rulesFile);

        String json = Files.readString(ROOT.resolve("deploy/grafana/dashboards/trackstream.json"));
        assertThat(dashboard).hasSize(json.split("\"expr\"", -1).length - 1);
        assertThat(dashboard).allSatisfy(q -> assertThat(q.source()).startsWith("panel \""));
        assertThat(rules).extracting(Query::source).contains("alert AppDown", "alert NotifierDeadLetters");
        assertThat(dashboard).extracting(Query::evaluated).noneMatch(e -> e.contains("$"));
        assertThat(rules).extracting(Query::evaluated).noneMatch(e -> e.matches(".*(>|==|<)\\s*[0-9.]+\\s*$"));
    }
}
