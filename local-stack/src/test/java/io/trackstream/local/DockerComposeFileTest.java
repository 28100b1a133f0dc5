package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trackstream.topics.TopicCatalog;
import io.trackstream.topics.TopicSpec;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker cannot run on the build machines, so the compose file is checked by reading it: the services exist, what
 * they depend on exists, host ports do not collide, mounted files are in the repository, the broker's KRaft
 * settings agree with each other, Prometheus scrapes services that exist, and the topics it creates are the contract's.
 */
class DockerComposeFileTest {

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void hasTheProductionLikeInfrastructure() throws IOException {
        assertThat(services()).containsKeys("kafka", "kafka-topics", "schema-registry", "prometheus", "grafana");
        assertThat(services().get("kafka").get("image").toString()).startsWith("apache/kafka:");
        assertThat(services().get("schema-registry").get("image").toString()).startsWith("confluentinc/cp-schema-registry:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDependencyIsAServiceOfTheFile() throws IOException {
        Map<String, Map<String, Object>> services = services();
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            Set<String> deps = dependsOn instanceof Map<?, ?> map ? (Set<String>) map.keySet()
                    : dependsOn instanceof List<?> list ? new HashSet<>((List<String>) list) : Set.of();
            assertThat(services.keySet()).as("dependencies of %s", name).containsAll(deps);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostPortsDoNotCollide() throws IOException {
        List<String> hostPorts = new ArrayList<>();
        services().values().forEach(s -> ((List<Object>) s.getOrDefault("ports", List.of()))
                .forEach(p -> hostPorts.add(p.toString().split(":")[0])));
        assertThat(hostPorts).doesNotHaveDuplicates().isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMountedFileIsInTheRepository() throws IOException {
        services().forEach((name, service) -> ((List<Object>) service.getOrDefault("volumes", List.of())).forEach(v -> {
            String source = v.toString().split(":")[0];
            if (source.startsWith("./")) {
                assertThat(ROOT.resolve(source)).as("volume of %s", name).exists();
            }
        }));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBrokersKraftSettingsAgree() throws IOException {
        Map<String, Object> env = (Map<String, Object>) services().get("kafka").get("environment");
        String nodeId = env.get("KAFKA_NODE_ID").toString();
        String voters = env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").toString();
        String controllerListener = env.get("KAFKA_CONTROLLER_LISTENER_NAMES").toString();
        String interBroker = env.get("KAFKA_INTER_BROKER_LISTENER_NAME").toString();

        assertThat(env.get("KAFKA_PROCESS_ROLES").toString()).contains("broker").contains("controller");
        assertThat(voters).startsWith(nodeId + "@kafka:");
        String controllerPort = voters.substring(voters.lastIndexOf(':') + 1);
        assertThat(env.get("KAFKA_LISTENERS").toString()).contains(controllerListener + "://:" + controllerPort);
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").toString()).contains(interBroker + "://kafka:");
        assertThat(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").toString()).contains(controllerListener + ":").contains(interBroker + ":");
        assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE").toString()).isEqualTo("false");

        String internal = advertised(env, interBroker);
        Map<String, Object> registry = (Map<String, Object>) services().get("schema-registry").get("environment");
        assertThat(registry.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").toString()).endsWith(internal);
        Map<String, Object> topics = (Map<String, Object>) services().get("kafka-topics").get("environment");
        assertThat(topics.get("BOOTSTRAP_SERVERS").toString()).isEqualTo(internal);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesOnlyServicesOfTheFile() throws IOException {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        Set<String> services = services().keySet();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            for (Map<String, Object> config : (List<Map<String, Object>>) job.get("static_configs")) {
                for (String target : (List<String>) config.get("targets")) {
                    assertThat(services).as("scrape target %s of job %s", target, job.get("job_name")).contains(target.split(":")[0]);
                }
            }
        }
    }

    @Test
    void createsExactlyTheTopicsOfTheContract() throws IOException {
        Matcher m = Pattern.compile("(?m)^create (\\S+) (\\d+) (\\S+)$").matcher(Files.readString(ROOT.resolve("deploy/kafka/create-topics.sh")));
        List<TopicSpec> created = new ArrayList<>();
        while (m.find()) {
            created.add(new TopicSpec(m.group(1), null, Integer.parseInt(m.group(2)), m.group(3), null, null));
        }
        assertThat(created).usingRecursiveFieldByFieldElementComparatorOnFields("name", "partitions", "cleanupPolicy")
                .containsExactlyInAnyOrderElementsOf(TopicCatalog.defaults().topics());
    }

    private static final List<String> APPS = List.of("processor", "webhook-ingest", "producer-pollers", "order-notifier");

    @Test
    @SuppressWarnings("unchecked")
    void everyAppIsAServiceBuiltFromItsModuleAndConfiguredForTheComposeNetwork() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> kafkaEnv = (Map<String, Object>) services.get("kafka").get("environment");
        String internalBroker = advertised(kafkaEnv, kafkaEnv.get("KAFKA_INTER_BROKER_LISTENER_NAME").toString());
        String registryUrl = ((Map<String, Object>) services.get("schema-registry").get("environment"))
                .get("SCHEMA_REGISTRY_LISTENERS").toString().replace("0.0.0.0", "schema-registry");
        for (String app : List.of("processor", "webhook-ingest", "producer-pollers", "order-notifier", "sandbox")) {
            Map<String, Object> service = services.get(app);
            assertThat(service).as("service %s", app).isNotNull();
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(ROOT.resolve(build.get("context").toString()).resolve(build.get("dockerfile").toString())).as("Dockerfile of %s", app).isRegularFile();
            String module = ((Map<String, Object>) build.get("args")).get("MODULE").toString();
            assertThat(ROOT.resolve(module).resolve("pom.xml")).as("module %s of %s", module, app).isRegularFile();
            if (!app.equals("sandbox")) {
                assertThat(module).isEqualTo(app);
                Map<String, Object> env = (Map<String, Object>) service.get("environment");
                assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).as("broker of %s", app).hasToString(internalBroker);
                assertThat(env.get("SCHEMA_REGISTRY_URL")).as("registry of %s", app).hasToString(registryUrl);
                assertThat(env.get("SERVER_PORT")).as("port of %s", app).hasToString("8080");
                assertThat(((Map<String, Object>) service.get("depends_on")).keySet()).as("%s waits for", app)
                        .contains("kafka", "kafka-topics", "schema-registry");
                assertThat(service.get("healthcheck")).as("healthcheck of %s", app).isNotNull();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryAppOnItsContainerPort() throws IOException {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        List<String> targets = new ArrayList<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            if ("/actuator/prometheus".equals(job.get("metrics_path"))) {
                ((List<Map<String, Object>>) job.get("static_configs")).forEach(c -> targets.addAll((List<String>) c.get("targets")));
            }
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(APPS.stream().map(app -> app + ":8080").toList());
    }

    /** The demo only works when the sandbox, webhook-ingest, the read APIs and the notifier agree on tenant, token and secrets. */
    @Test
    @SuppressWarnings("unchecked")
    void theDemoTenantTokenAndSecretsAgreeAcrossServices() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> ingest = (Map<String, Object>) services.get("webhook-ingest").get("environment");
        Map<String, Object> sandbox = (Map<String, Object>) services.get("sandbox").get("environment");
        assertThat(ingest.get("TRACKSTREAM_SECURITY_APPTOKENS_0_TOKEN")).hasToString(sandbox.get("TRACKSTREAM_DEMO_INGEST_TOKEN").toString());
        assertThat(defaultOf(ingest.get("TRACKSTREAM_SECURITY_APPTOKENS_0_TOKEN").toString())).startsWith("app_");
        assertThat(ingest.get("TRACKSTREAM_SECURITY_APPTOKENS_0_SCOPES")).hasToString("WRITE_SHIPPING");
        sandbox.keySet().stream().filter(k -> k.startsWith("TRACKSTREAM_WEBHOOK_SECRET_"))
                .forEach(k -> assertThat(ingest.get(k)).as(k).hasToString(sandbox.get(k).toString()));
        for (String app : List.of("webhook-ingest", "processor", "producer-pollers")) {
            Map<String, Object> env = (Map<String, Object>) services.get(app).get("environment");
            assertThat(env.get("TRACKSTREAM_SECURITY_APPTOKENS_0_TENANT")).as("tenant of %s's token", app).hasToString("athens");
            assertThat(defaultOf(env.get("TRACKSTREAM_SECURITY_APPTOKENS_0_TOKEN").toString())).as("token of %s", app).startsWith("app_");
        }
        Map<String, Object> notifier = (Map<String, Object>) services.get("order-notifier").get("environment");
        assertThat(notifier).containsKeys("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_BASEURL", "TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_APIKEY",
                "TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_TENANTID", "TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_OAUTH2_CLIENTID",
                "TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_OAUTH2_CLIENTSECRET");
        assertThat(notifier.get("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_BASEURL").toString()).startsWith("http://sandbox:");
        assertThat(notifier.get("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_OAUTH2_TOKENURI").toString())
                .isEqualTo(notifier.get("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_BASEURL") + "/oauth/token");
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsProvisionedWithTheDashboardOfTheRepository() throws IOException {
        Map<String, Object> grafana = services().get("grafana");
        List<String> volumes = ((List<Object>) grafana.get("volumes")).stream().map(Object::toString).toList();
        assertThat(volumes).anyMatch(v -> v.startsWith("./deploy/grafana/dashboards:"));
        assertThat(volumes).anyMatch(v -> v.startsWith("./deploy/grafana/provisioning:"));
        Map<String, Object> dashboard = new Yaml().load(Files.readString(ROOT.resolve("deploy/grafana/dashboards/trackstream.json")));
        assertThat((List<Object>) dashboard.get("panels")).hasSizeGreaterThan(10);
    }

    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?}");
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.-]+:\\d+[^\\s\"',]*");

    /** Each app variable is one the app reads ({@link AppVariables}): a typo would be ignored by Spring. */
    @Test
    void appsAreConfiguredOnlyWithVariablesTheyRead() throws IOException {
        Map<String, Map<String, Object>> services = services();
        for (String app : APPS) {
            AppVariables reads = new AppVariables(ROOT, app);
            for (String variable : environment(services.get(app)).keySet()) {
                assertThat(reads.reads(variable)).as("variable %s of service %s: a placeholder of %s/src/main/resources/application.yml or a documented key",
                        variable, app, app).isTrue();
            }
        }
    }

    @Test
    void theVariableCheckKnowsRelaxedBinding() {
        assertThat(AppVariables.relaxedBinding("trackstream.notifier.tenants.<tenant>.carriyo.base-url").matcher("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_BASEURL").matches()).isTrue();
        assertThat(AppVariables.relaxedBinding("trackstream.security.app-tokens[n].token|tenant|scopes").matcher("TRACKSTREAM_SECURITY_APPTOKENS_0_SCOPES").matches()).isTrue();
        assertThat(AppVariables.relaxedBinding("trackstream.notifier.tenants").matcher("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_SHOP_SHOP_ID").matches()).isFalse();
        assertThat(AppVariables.relaxedBinding("trackstream.notifier.tenants.<tenant>.carriyo.base-url").matcher("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_BASE_URL").matches()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyUrlInTheServicesConfigurationNamesAServiceAndAPortItListensOn() throws IOException {
        Map<String, Map<String, Object>> services = services();
        int urls = 0;
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            List<String> values = new ArrayList<>(environment(service.getValue()).values());
            ((List<Object>) service.getValue().getOrDefault("command", List.of())).forEach(c -> values.add(c.toString()));
            for (String value : values) {
                Matcher url = URL.matcher(value);
                while (url.find()) {
                    URI uri = URI.create(url.group());
                    if (uri.getHost().equals("localhost") || uri.getHost().equals("0.0.0.0")) {
                        continue; // the container itself
                    }
                    urls++;
                    assertThat(services).as("host of %s in %s", uri, service.getKey()).containsKey(uri.getHost());
                    assertThat(containerPorts(services.get(uri.getHost()))).as("port of %s in %s", uri, service.getKey()).contains(uri.getPort());
                }
            }
        }
        // The registry of each app, the pollers' three carrier APIs, the notifier's order systems, the sandbox's ingest.
        assertThat(urls).as("URLs checked").isGreaterThanOrEqualTo(APPS.size() + 3 + 2 + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dependenciesWaitOnlyForWhatTheServiceCanReport() throws IOException {
        Map<String, Map<String, Object>> services = services();
        services.forEach((name, service) -> {
            if (service.get("depends_on") instanceof Map<?, ?> deps) {
                ((Map<String, Map<String, Object>>) deps).forEach((dep, spec) -> {
                    String condition = String.valueOf(spec.get("condition"));
                    switch (condition) {
                        case "service_healthy" -> assertThat(services.get(dep)).as("%s waits for %s to be healthy: it needs a healthcheck", name, dep)
                                .containsKey("healthcheck");
                        case "service_completed_successfully" -> assertThat(String.valueOf(services.get(dep).get("restart")))
                                .as("%s waits for one-shot %s", name, dep).isEqualTo("no");
                        case "service_started" -> { }
                        default -> throw new AssertionError("unknown depends_on condition " + condition + " of " + name);
                    }
                });
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanasDataSourceIsThePrometheusServiceAndEveryPanelQueriesIt() throws IOException {
        Map<String, Object> grafana = services().get("grafana");
        Map<String, String> mounts = new LinkedHashMap<>();
        ((List<Object>) grafana.get("volumes")).forEach(v -> {
            String[] parts = v.toString().split(":");
            mounts.put(parts[1], parts[0]);
        });
        Path provisioning = ROOT.resolve(mounts.get("/etc/grafana/provisioning"));
        Map<String, Object> datasources = new Yaml().load(Files.readString(provisioning.resolve("datasources/prometheus.yml")));
        Map<String, Object> datasource = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        URI prometheusUrl = URI.create(datasource.get("url").toString());
        assertThat(prometheusUrl.getHost()).isEqualTo("prometheus");
        assertThat(containerPorts(services().get("prometheus"))).contains(prometheusUrl.getPort());

        List<Path> providerFiles;
        try (var list = Files.list(provisioning.resolve("dashboards"))) {
            providerFiles = list.toList();
        }
        assertThat(providerFiles).isNotEmpty();
        for (Path providerFile : providerFiles) {
            Map<String, Object> providers = new Yaml().load(Files.readString(providerFile));
            for (Map<String, Object> provider : (List<Map<String, Object>>) providers.get("providers")) {
                String path = ((Map<String, Object>) provider.get("options")).get("path").toString();
                assertThat(mounts).as("the dashboards path %s of %s is mounted", path, providerFile.getFileName()).containsKey(path);
                assertThat(ROOT.resolve(mounts.get(path))).isDirectory();
            }
        }

        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/dashboards/trackstream.json").toFile());
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            JsonNode uid = panel.at("/datasource/uid");
            if (!uid.isMissingNode()) {
                assertThat(uid.asText()).as("data source of panel %s", panel.path("title")).isIn(datasource.get("uid"), "${datasource}", "$datasource");
            }
            assertThat(panel.path("targets")).as("queries of panel %s", panel.path("title")).isNotEmpty();
            // Every query names a metric the parser finds: LocalStackEndToEndTest checks those are exported.
            panel.path("targets").forEach(t -> assertThat(PromQlMetricNames.of(t.path("expr").asText()))
                    .as("metrics of query %s of %s", t.path("expr").asText(), panel.path("title")).isNotEmpty());
        }
    }

    /** A service's environment as the container sees it: compose's {@code ${VAR:-default}} replaced by the default. */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of())).forEach((k, v) -> {
            Matcher m = COMPOSE_VARIABLE.matcher(String.valueOf(v));
            StringBuilder value = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(value, Matcher.quoteReplacement(m.group(1) == null ? "" : m.group(1)));
            }
            m.appendTail(value);
            env.put(k, value.toString());
        });
        return env;
    }

    /** The container ports a service publishes ({@code host:container}). */
    @SuppressWarnings("unchecked")
    static Set<Integer> containerPorts(Map<String, Object> service) {
        Set<Integer> ports = new HashSet<>();
        ((List<Object>) service.getOrDefault("ports", List.of())).forEach(p -> {
            String[] parts = p.toString().split(":");
            ports.add(Integer.parseInt(parts[parts.length - 1]));
        });
        return ports;
    }

    /** {@code ${VAR:-default}} -> default; anything else as it is. */
    private static String defaultOf(String value) {
        Matcher m = Pattern.compile("^\\$\\{[A-Z0-9_]+:-(.*)}$").matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    private static String advertised(Map<String, Object> env, String listener) {
        for (String l : env.get("KAFKA_ADVERTISED_LISTENERS").toString().split(",")) {
            if (l.startsWith(listener + "://")) {
                return l.substring(listener.length() + 3);
            }
        }
        throw new AssertionError("no advertised listener " + listener);
    }
}
