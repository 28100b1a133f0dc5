package io.trackstream.local.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trackstream.local.prometheus.MonitoringQueries.Query;
import io.trackstream.local.prometheus.PrometheusServer.QueryResult;
import org.yaml.snakeyaml.Yaml;

/**
 * Evaluates every query of the Grafana dashboard (deploy/grafana/dashboards/trackstream.json) and every alert
 * expression (deploy/prometheus/alerts.yml) on a real Prometheus scraping the stack. After the demo's traffic each
 * must return a series: one that returns none names a metric or label no app exports, misuses a function, or asks a
 * histogram for buckets it does not have, and would show an empty panel or an alert that can never fire.
 */
public final class MonitoringCheck {

    /** Prometheus' own series of firing and pending alerts: a query on them has series only while an alert fires. */
    private static final Pattern ALERTS = Pattern.compile("(?<![A-Za-z0-9_:])ALERTS(?:_FOR_STATE)?(?![A-Za-z0-9_:])");

    /** A query and what Prometheus answered. */
    public record Outcome(Query query, QueryResult result) {
        public String line() {
            String verdict = result.error() != null ? "ERROR" : result.hasSeries() ? "OK" : "EMPTY";
            String detail = result.error() != null ? "  (" + result.error() + ")"
                    : result.hasSeries() ? "  (" + result.series() + " series)"
                    : needsAFiringAlert() ? "  (no alert is firing: this query has series only while one fires)" : "";
            return String.format("%-5s %s: %s%s", verdict, query.source(), query.evaluated(), detail);
        }

        /** Whether the query reads only Prometheus' alert series, empty while no alert fires. */
        public boolean needsAFiringAlert() {
            return ALERTS.matcher(query.evaluated()).find();
        }
    }

    private final List<Query> queries;

    private MonitoringCheck(List<Query> queries) {
        this.queries = List.copyOf(queries);
    }

    /** The dashboard's and the alert rules' queries of {@code repository}. */
    public static MonitoringCheck of(Path repository) {
        try {
            List<Query> queries = new ArrayList<>(MonitoringQueries.ofDashboard(new ObjectMapper().readTree(
                    repository.resolve("deploy/grafana/dashboards/trackstream.json").toFile())));
            queries.addAll(MonitoringQueries.ofRules(new Yaml().load(Files.readString(repository.resolve("deploy/prometheus/alerts.yml")))));
            return new MonitoringCheck(queries);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboard or the alert rules under " + repository, e);
        }
    }

    public List<Query> queries() {
        return queries;
    }

    /** Every query evaluated now, in the order of the dashboard, then the rules. */
    public List<Outcome> evaluate(PrometheusServer prometheus) {
        return queries.stream().map(q -> new Outcome(q, prometheus.query(q.evaluated()))).toList();
    }

    /** The lines of the outcomes that returned no series, or an error. */
    public static List<String> failures(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> !o.result().hasSeries()).map(Outcome::line).toList();
    }

    /** As {@link #failures(List)}, but an alerts query left empty because no alert fires is no failure. */
    public static List<String> failuresWhileNoAlertFires(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> !o.result().hasSeries() && (o.result().error() != null || !o.needsAFiringAlert()))
                .map(Outcome::line).toList();
    }

    /** A report: one line per query, then how many returned series. */
    public static String report(List<Outcome> outcomes) {
        StringBuilder report = new StringBuilder();
        outcomes.forEach(o -> report.append(o.line()).append('\n'));
        long ok = outcomes.stream().filter(o -> o.result().hasSeries()).count();
        report.append(ok).append(" of ").append(outcomes.size()).append(" queries (dashboard and alert rules) returned series");
        return report.toString();
    }
}
