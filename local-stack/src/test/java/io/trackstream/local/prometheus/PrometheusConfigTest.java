package io.trackstream.local.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class PrometheusConfigTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Map<String, Integer> HERE = Map.of("processor", 18081, "producer-pollers", 18082, "webhook-ingest", 18083,
            "order-notifier", 18084, "prometheus", 19090);

    @Test
    @SuppressWarnings("unchecked")
    void theComposeJobsScrapeTheServicesOnThisMachineWithTheirJobNamesAndPaths() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));

        Map<String, Object> local = new Yaml().load(PrometheusConfig.yaml(
                PrometheusConfig.aimedAt(compose, HERE, Path.of("/tmp/x/alerts.yml"), Duration.ofSeconds(2))));

        assertThat((Map<String, Object>) local.get("global")).containsEntry("scrape_interval", "2s").containsEntry("evaluation_interval", "2s");
        assertThat((List<String>) local.get("rule_files")).containsExactly("/tmp/x/alerts.yml");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) local.get("scrape_configs");
        Map<String, Object> trackstream = jobs.stream().filter(j -> "trackstream".equals(j.get("job_name"))).findFirst().orElseThrow();
        assertThat(trackstream).containsEntry("metrics_path", "/actuator/prometheus");
        assertThat((List<String>) ((List<Map<String, Object>>) trackstream.get("static_configs")).get(0).get("targets"))
                .containsExactlyInAnyOrder("127.0.0.1:18081", "127.0.0.1:18082", "127.0.0.1:18083", "127.0.0.1:18084");
        assertThat(jobs).extracting(j -> j.get("job_name")).containsExactly("prometheus", "trackstream");
    }

    @Test
    void aTargetWithoutAServiceHereIsNamed() {
        Map<String, Object> compose = Map.of("scrape_configs", List.of(Map.of("job_name", "kafka",
                "static_configs", List.of(Map.of("targets", List.of("kafka-exporter:9308"))))));

        assertThatThrownBy(() -> PrometheusConfig.aimedAt(compose, HERE, Path.of("alerts.yml"), Duration.ofSeconds(2)))
                .hasMessageContaining("kafka-exporter:9308").hasMessageContaining("kafka");
    }
}
