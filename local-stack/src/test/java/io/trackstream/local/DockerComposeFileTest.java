package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

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
                "TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_TENANTID");
        assertThat(notifier.get("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_BASEURL").toString()).startsWith("http://sandbox:");
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
