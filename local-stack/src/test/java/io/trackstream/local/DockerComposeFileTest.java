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

    private static String advertised(Map<String, Object> env, String listener) {
        for (String l : env.get("KAFKA_ADVERTISED_LISTENERS").toString().split(",")) {
            if (l.startsWith(listener + "://")) {
                return l.substring(listener.length() + 3);
            }
        }
        throw new AssertionError("no advertised listener " + listener);
    }
}
