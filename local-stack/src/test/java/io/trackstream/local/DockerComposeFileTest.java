package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import java.util.HashSet;
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
 * settings agree with each other, Prometheus scrapes exactly the apps, and the topics it creates are the contract's.
 * The app services: built from the repository's Dockerfile and module, configured only with variables the app reads,
 * pointing at the broker, the registry and each other by service name and the port that service listens on; Grafana's
 * provisioning is complete and its dashboard parses.
 */
class DockerComposeFileTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    /** The apps as compose services, each the module of the same name. */
    private static final List<String> APPS = List.of("processor", "webhook-ingest", "producer-pollers", "order-notifier");
    /** Read by the JVM or Spring itself rather than through an application.yml placeholder. */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "SPRING_APPLICATION_JSON");
    /** Relaxed binding of trackstream.security.app-tokens[i].token/tenant/scopes (docs/conventions.md). */
    private static final Pattern APP_TOKEN_VARIABLE = Pattern.compile("TRACKSTREAM_SECURITY_APPTOKENS_\\d+_(TOKEN|TENANT|SCOPES)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?}");
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.-]+:\\d+[^\\s\"',]*");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
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
            created.add(new TopicSpec(m.group(1), Integer.parseInt(m.group(2)), m.group(3), null, null));
        }
        assertThat(created).usingRecursiveFieldByFieldElementComparatorOnFields("name", "partitions", "cleanupPolicy")
                .containsExactlyInAnyOrderElementsOf(TopicCatalog.defaults().topics());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAppIsBuiltFromItsModuleWithTheRepositorysDockerfile() throws IOException {
        Map<String, Map<String, Object>> services = services();
        List<String> built = new ArrayList<>(APPS);
        built.add("sandbox");
        for (String name : built) {
            Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
            assertThat(build).as("build of %s", name).isNotNull();
            Path context = ROOT.resolve(build.get("context").toString()).normalize();
            assertThat(context).as("build context of %s", name).isDirectory();
            Path dockerfile = context.resolve(build.get("dockerfile").toString());
            assertThat(dockerfile).as("Dockerfile of %s", name).isRegularFile();
            String module = ((Map<String, Object>) build.get("args")).get("MODULE").toString();
            assertThat(context.resolve(module).resolve("pom.xml")).as("module %s of %s", module, name).isRegularFile();
            // The Dockerfile copies <module>/target/<module>-<version>-exec.jar: the module must build that jar.
            assertThat(Files.readString(dockerfile)).contains("${MODULE}/target/${MODULE}-");
            assertThat(Files.readString(context.resolve(module).resolve("pom.xml"))).as("pom of %s", module).contains("<classifier>exec</classifier>");
            if (APPS.contains(name)) {
                assertThat(module).as("the module of service %s", name).isEqualTo(name);
            }
        }
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
        for (String app : APPS) {
            Map<String, Object> deps = (Map<String, Object>) services.get(app).get("depends_on");
            assertThat(deps).as("%s starts after", app).containsKeys("kafka", "kafka-topics", "schema-registry");
            assertThat(services.get(app)).as("%s", app).containsKey("healthcheck");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void appsAreConfiguredOnlyWithVariablesTheyReadAndFindTheBrokerAndTheRegistryByServiceName() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> kafkaEnv = (Map<String, Object>) services.get("kafka").get("environment");
        String broker = advertised(kafkaEnv, kafkaEnv.get("KAFKA_INTER_BROKER_LISTENER_NAME").toString());
        Map<String, Object> registryEnv = (Map<String, Object>) services.get("schema-registry").get("environment");
        String registryPort = registryEnv.get("SCHEMA_REGISTRY_LISTENERS").toString().replaceAll(".*:", "");

        for (String app : APPS) {
            Map<String, String> env = environment(services.get(app));
            Set<String> read = placeholders(ROOT.resolve(app).resolve("src/main/resources/application.yml"));
            for (String variable : env.keySet()) {
                if (!PLATFORM_VARIABLES.contains(variable) && !APP_TOKEN_VARIABLE.matcher(variable).matches()) {
                    assertThat(read).as("variable %s of service %s is read by %s/src/main/resources/application.yml", variable, app, app)
                            .contains(variable);
                }
            }
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).as("%s's broker", app).isEqualTo(broker);
            assertThat(env.get("SCHEMA_REGISTRY_URL")).as("%s's registry", app).isEqualTo("http://schema-registry:" + registryPort);
            assertThat(containerPorts(services.get(app))).as("%s publishes its SERVER_PORT", app).contains(Integer.parseInt(env.get("SERVER_PORT")));
            if (env.containsKey("SPRING_APPLICATION_JSON")) {
                assertThat(new ObjectMapper().readTree(env.get("SPRING_APPLICATION_JSON")).has("trackstream"))
                        .as("SPRING_APPLICATION_JSON of %s parses and configures trackstream.*", app).isTrue();
            }
        }
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
                        continue; // its own container
                    }
                    urls++;
                    assertThat(services).as("host of %s in %s", uri, service.getKey()).containsKey(uri.getHost());
                    assertThat(containerPorts(services.get(uri.getHost()))).as("port of %s in %s", uri, service.getKey()).contains(uri.getPort());
                }
            }
        }
        assertThat(urls).as("URLs checked").isGreaterThanOrEqualTo(APPS.size() * 1 + 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesExactlyTheAppsOnTheirServerPorts() throws IOException {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        Map<String, Map<String, Object>> services = services();
        Set<String> appTargets = new TreeSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            if (!"prometheus".equals(job.get("job_name"))) {
                assertThat(job.get("metrics_path")).as("metrics path of job %s", job.get("job_name")).isEqualTo("/actuator/prometheus");
                for (Map<String, Object> config : (List<Map<String, Object>>) job.get("static_configs")) {
                    appTargets.addAll((List<String>) config.get("targets"));
                }
            }
        }
        Set<String> expected = new TreeSet<>();
        for (String app : APPS) {
            expected.add(app + ":" + environment(services.get(app)).get("SERVER_PORT"));
        }
        assertThat(appTargets).isEqualTo(expected);
        assertThat((List<String>) services.get("prometheus").get("depends_on")).containsExactlyInAnyOrderElementsOf(APPS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsProvisionedWithThePrometheusDataSourceAndTheDashboard() throws IOException {
        Map<String, Object> grafana = services().get("grafana");
        Map<String, String> mounts = new LinkedHashMap<>();
        ((List<Object>) grafana.get("volumes")).forEach(v -> {
            String[] parts = v.toString().split(":");
            mounts.put(parts[1], parts[0]);
        });
        Path provisioning = ROOT.resolve(mounts.get("/etc/grafana/provisioning"));
        assertThat(provisioning.resolve("datasources")).isDirectory();
        assertThat(provisioning.resolve("dashboards")).isDirectory();

        Map<String, Object> datasources = new Yaml().load(Files.readString(provisioning.resolve("datasources/prometheus.yml")));
        Map<String, Object> datasource = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        URI prometheusUrl = URI.create(datasource.get("url").toString());
        assertThat(prometheusUrl.getHost()).isEqualTo("prometheus");
        assertThat(containerPorts(services().get("prometheus"))).contains(prometheusUrl.getPort());

        Map<String, Object> providers = new Yaml().load(Files.readString(provisioning.resolve("dashboards/trackstream.yml")));
        String dashboardsPath = ((Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers")).get(0).get("options")).get("path").toString();
        assertThat(mounts).as("the dashboards provider's path is mounted").containsKey(dashboardsPath);
        Path dashboards = ROOT.resolve(mounts.get(dashboardsPath));
        List<Path> files;
        try (var list = Files.list(dashboards)) {
            files = list.filter(f -> f.toString().endsWith(".json")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
            assertThat(dashboard.path("uid").asText()).as("uid of %s", file).isNotBlank();
            List<JsonNode> panels = new ArrayList<>();
            dashboard.path("panels").forEach(p -> {
                panels.add(p);
                p.path("panels").forEach(panels::add);
            });
            assertThat(panels).as("panels of %s", file).hasSizeGreaterThan(10);
            for (JsonNode panel : panels) {
                if (!panel.path("type").asText().equals("row")) {
                    assertThat(panel.at("/datasource/uid").asText()).as("data source of panel %s", panel.path("title")).isEqualTo(datasource.get("uid"));
                    assertThat(panel.path("targets")).as("queries of panel %s", panel.path("title")).isNotEmpty();
                    // Every query names a metric the parser finds: LocalStackEndToEndTest checks those are exported.
                    panel.path("targets").forEach(t -> assertThat(PromQlMetricNames.of(t.path("expr").asText()))
                            .as("metrics of query %s of %s", t.path("expr").asText(), panel.path("title")).isNotEmpty());
                }
            }
        }
    }

    /** A service's environment as the app sees it: compose's {@code ${VAR:-default}} replaced by the default. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
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
    private static Set<Integer> containerPorts(Map<String, Object> service) {
        Set<Integer> ports = new HashSet<>();
        ((List<Object>) service.getOrDefault("ports", List.of())).forEach(p -> {
            String[] parts = p.toString().split(":");
            ports.add(Integer.parseInt(parts[parts.length - 1]));
        });
        return ports;
    }

    private static Set<String> placeholders(Path applicationYml) throws IOException {
        Set<String> names = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(Files.readString(applicationYml));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
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
