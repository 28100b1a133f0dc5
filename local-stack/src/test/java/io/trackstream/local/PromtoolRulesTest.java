package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.trackstream.local.prometheus.PrometheusConfig;
import io.trackstream.local.prometheus.PrometheusServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules as Prometheus reads them: {@code promtool check rules} accepts deploy/prometheus/alerts.yml,
 * {@code promtool check config} the compose configuration, and {@code promtool test rules} runs the unit tests of
 * deploy/prometheus/alerts.test.yml (each rule firing on synthetic series with its labels and annotations, and
 * silent where it should be), which cover every rule. Needs promtool (Debian's prometheus package;
 * scripts/install-prometheus.sh, which .ci/run runs); without it the promtool checks are skipped, saying so.
 */
class PromtoolRulesTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path PROMETHEUS_DIR = ROOT.resolve("deploy/prometheus");
    private static final Path RULES = PROMETHEUS_DIR.resolve("alerts.yml");
    private static final Path RULE_TESTS = PROMETHEUS_DIR.resolve("alerts.test.yml");

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        Result check = promtool("check", "rules", RULES.toString());

        assertThat(check.exitCode()).as("promtool check rules %s:%n%s", RULES, check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void promtoolAcceptsTheComposeConfigurationWithItsRules(@TempDir Path dir) throws Exception {
        // The compose file mounts alerts.yml at /etc/prometheus/alerts.yml; here it is the file beside the copy.
        Map<String, Object> compose = new Yaml().load(Files.readString(PROMETHEUS_DIR.resolve("prometheus.yml")));
        Map<String, Object> config = new LinkedHashMap<>(compose);
        config.put("rule_files", List.of(RULES.toString()));
        Path copy = Files.writeString(dir.resolve("prometheus.yml"), PrometheusConfig.yaml(config));

        Result check = promtool("check", "config", copy.toString());

        assertThat(check.exitCode()).as("promtool check config (deploy/prometheus/prometheus.yml):%n%s", check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void everyAlertRulePassesItsUnitTests() throws Exception {
        Result test = promtool("test", "rules", RULE_TESTS.toString());

        assertThat(test.exitCode()).as("promtool test rules %s:%n%s", RULE_TESTS, test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void theUnitTestsFailWhenARuleNoLongerDoesWhatTheySay(@TempDir Path dir) throws Exception {
        // Given a copy of the rules where the 5xx alert needs half the answers to fail instead of 5 %
        Files.writeString(dir.resolve("alerts.yml"), Files.readString(RULES).replace("> 0.05", "> 0.5"));
        Files.copy(RULE_TESTS, dir.resolve("alerts.test.yml"));

        Result test = promtool("test", "rules", dir.resolve("alerts.test.yml").toString());

        assertThat(test.exitCode()).as(test.output()).isNotZero();
        assertThat(test.output()).contains("alertname: Http5xxRateHigh");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertRuleHasAUnitTestWhereItFiresAndOneWhereItDoesNot() throws IOException {
        Map<String, Object> tests = new Yaml().load(Files.readString(RULE_TESTS));
        assertThat((List<String>) tests.get("rule_files")).containsExactly("alerts.yml");

        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> expectation : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
                String alert = String.valueOf(expectation.get("alertname"));
                List<Object> expected = (List<Object>) expectation.get("exp_alerts");
                (expected == null || expected.isEmpty() ? silent : firing).add(alert);
            }
        }

        assertThat(firing).as("alert rules of alerts.yml with a test in alerts.test.yml where they fire")
                .containsExactlyInAnyOrderElementsOf(alertNames());
        assertThat(silent).as("alert rules of alerts.yml with a test in alerts.test.yml where they stay silent")
                .containsExactlyInAnyOrderElementsOf(alertNames());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> alertNames() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
        return ((List<Map<String, Object>>) rules.get("groups")).stream()
                .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                .filter(r -> r.containsKey("alert"))
                .map(r -> String.valueOf(r.get("alert")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result promtool(String... args) throws Exception {
        Path promtool = PrometheusServer.promtool().orElse(null);
        assumeTrue(promtool != null, "promtool is not installed (Debian's prometheus package; as root: "
                + "scripts/install-prometheus.sh, which .ci/run runs): the alert rules were NOT checked by promtool");
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool %s finished", String.join(" ", args)).isTrue();
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
