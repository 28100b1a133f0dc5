package io.trackstream.local.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.trackstream.local.prometheus.MonitoringCheck.Outcome;
import io.trackstream.local.prometheus.MonitoringQueries.Query;
import io.trackstream.local.prometheus.PrometheusServer.QueryResult;
import org.junit.jupiter.api.Test;

class MonitoringCheckTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    private static Outcome outcome(String expr, QueryResult result) {
        return new Outcome(new Query("panel \"p\"", expr, expr), result);
    }

    @Test
    void eachQuerySaysOkEmptyOrError() {
        List<Outcome> outcomes = List.of(
                outcome("up", QueryResult.series(4)),
                outcome("x_total{outcome=\"nope\"}", QueryResult.series(0)),
                outcome("rate(x_total)", QueryResult.error("bad_data: expected type range vector")));

        assertThat(MonitoringCheck.report(outcomes)).contains(
                "OK    panel \"p\": up  (4 series)",
                "EMPTY panel \"p\": x_total{outcome=\"nope\"}",
                "ERROR panel \"p\": rate(x_total)  (bad_data: expected type range vector)",
                "1 of 3 queries (dashboard and alert rules) returned series");
        assertThat(MonitoringCheck.failures(outcomes)).hasSize(2);
    }

    @Test
    void anEmptyAlertsQueryIsNoFailureWhileNoAlertFiresButStillCountsWhereOneMust() {
        List<Outcome> outcomes = List.of(
                outcome("count by (alertname) (ALERTS{alertstate=\"firing\"})", QueryResult.series(0)),
                outcome("MY_ALERTS_total", QueryResult.series(0)));

        assertThat(MonitoringCheck.failuresWhileNoAlertFires(outcomes)).singleElement().asString().contains("MY_ALERTS_total");
        assertThat(MonitoringCheck.failures(outcomes)).hasSize(2);
        assertThat(outcomes.get(0).line()).contains("no alert is firing");
    }

    @Test
    void itChecksEveryDashboardQueryAndEveryAlertRule() throws IOException {
        List<Query> queries = MonitoringCheck.of(ROOT).queries();

        String dashboard = Files.readString(ROOT.resolve("deploy/grafana/dashboards/trackstream.json"));
        String rules = Files.readString(ROOT.resolve("deploy/prometheus/alerts.yml"));
        assertThat(queries).filteredOn(q -> q.source().startsWith("panel ")).hasSize(dashboard.split("\"expr\"", -1).length - 1);
        assertThat(queries).filteredOn(q -> q.source().startsWith("alert ")).hasSize(rules.split("- alert:", -1).length - 1);
    }
}
