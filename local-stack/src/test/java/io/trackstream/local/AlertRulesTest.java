package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules Prometheus loads (deploy/prometheus/alerts.yml): each is complete, the signals an operator must be
 * woken for are covered, the compose Prometheus and the Kubernetes base load the same file, and the dashboard shows
 * every signal they alert on.
 * Whether the apps export each queried metric is checked by {@code LocalStackEndToEndTest} on a running stack.
 */
class AlertRulesTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path RULES = ROOT.resolve("deploy/prometheus/alerts.yml");

    @Test
    @SuppressWarnings("unchecked")
    void everyRuleHasANameAnExpressionASeverityAndASummary() throws IOException {
        List<Map<String, Object>> rules = rules();

        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.get("alert")).as("alert name of %s", rule).isInstanceOf(String.class);
            assertThat(String.valueOf(rule.get("expr"))).as("expr of %s", rule.get("alert")).isNotBlank();
            assertThat(PromQlMetricNames.of(String.valueOf(rule.get("expr")))).as("metrics of %s", rule.get("alert")).isNotEmpty();
            assertThat(((Map<String, Object>) rule.get("labels")).get("severity")).as("severity of %s", rule.get("alert"))
                    .isIn("page", "ticket");
            assertThat(((Map<String, Object>) rule.get("annotations")).get("summary")).as("summary of %s", rule.get("alert")).isNotNull();
            if (rule.containsKey("for")) {
                assertThat(String.valueOf(rule.get("for"))).matches("\\d+[smh]");
            }
        });
        assertThat(rules).extracting(r -> r.get("alert")).doesNotHaveDuplicates();
    }

    @Test
    void theSignalsAnOperatorMustHearOfAreCovered() throws IOException {
        assertThat(PromQlMetricNames.ofRules(rulesFile())).contains(
                "trackstream_processor_stalled_partitions",                // a stalled partition
                "trackstream_processor_stream_thread_replacements_total",  // threads replaced in a loop
                "trackstream_notifier_stuck_partitions",                   // the notifier stuck on a record
                "kafka_consumer_fetch_manager_records_lag_max",            // consumer lag growing
                "trackstream_notifier_dead_letters_total",                 // dead letters
                "trackstream_processor_events_rejected_total",             // rejected rate
                "trackstream_processor_events_unmapped_total",             // unknown-code rate
                "trackstream_processor_mappings_reload_refused",           // mapping tables on disk refused
                "http_server_requests_seconds_count",                      // 5xx rate
                "trackstream_pollers_polls_total",                         // poll failures per carrier
                "resilience4j_circuitbreaker_state");                      // circuit breaker open
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusLoadsTheRulesFileThatComposeMountsForIt() throws IOException {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        assertThat((List<String>) prometheus.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");

        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> service = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("prometheus");
        assertThat((List<String>) service.get("volumes")).contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesBaseShipsTheSameRulesAsAConfigMap() throws IOException {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(ROOT.resolve("deploy/k8s/kustomization.yaml")));
        assertThat((List<String>) kustomization.get("resources")).contains("alert-rules.yaml");

        Map<String, Object> configMap = new Yaml().load(Files.readString(ROOT.resolve("deploy/k8s/alert-rules.yaml")));
        assertThat(configMap).containsEntry("kind", "ConfigMap");
        assertThat(((Map<String, Object>) configMap.get("data")).get("alerts.yml"))
                .as("deploy/k8s/alert-rules.yaml must hold deploy/prometheus/alerts.yml verbatim: copy it there")
                .isEqualTo(Files.readString(RULES));
    }

    @Test
    void theDashboardShowsEverySignalTheRulesAlertOn() throws IOException {
        Set<String> shown = PromQlMetricNames.ofDashboard(new ObjectMapper().readTree(
                ROOT.resolve("deploy/grafana/dashboards/trackstream.json").toFile()));

        Set<String> notShown = new TreeSet<>(PromQlMetricNames.ofRules(rulesFile()));
        notShown.removeAll(shown);

        assertThat(notShown).as("metrics the alert rules query that no dashboard panel shows").isEmpty();
    }

    private static Map<String, Object> rulesFile() throws IOException {
        return new Yaml().load(Files.readString(RULES));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws IOException {
        return ((List<Map<String, Object>>) rulesFile().get("groups")).stream()
                .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
    }
}
