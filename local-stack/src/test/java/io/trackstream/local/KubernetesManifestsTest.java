package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes deployment (deploy/k8s, kustomize), rendered the way kustomize builds it (its resources, the
 * namespace, the secret generator) and checked as a cluster would take it: every app is there, on the port it
 * listens on, probed on its liveness and readiness groups, scraped, configured only with variables it reads, with
 * every secret and config map it refers to; the processor as a StatefulSet with its state on a volume and a stable
 * application.server. No kubectl runs on the build machines, so this reads the files.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final List<String> APPS = List.of("processor", "webhook-ingest", "producer-pollers", "order-notifier");

    private static final List<Map<String, Object>> RENDERED = new ArrayList<>();
    private static String namespace;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void render() throws IOException {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml")));
        namespace = (String) kustomization.get("namespace");
        for (Object resource : (List<Object>) kustomization.get("resources")) {
            for (Object doc : new Yaml().loadAll(Files.readString(K8S.resolve(resource.toString())))) {
                if (doc != null) {
                    RENDERED.add((Map<String, Object>) doc);
                }
            }
        }
        for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization.getOrDefault("secretGenerator", List.of())) {
            Map<String, Object> data = new LinkedHashMap<>();
            for (Object env : (List<Object>) generator.get("envs")) {
                Properties properties = new Properties();
                try (var in = Files.newBufferedReader(K8S.resolve(env.toString()))) {
                    properties.load(in);
                }
                properties.forEach((k, v) -> data.put(k.toString(), v));
            }
            RENDERED.add(Map.of("kind", "Secret", "metadata", Map.of("name", generator.get("name")), "data", data));
        }
    }

    private static Map<String, Object> find(String kind, String name) {
        return RENDERED.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(meta(r).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + name + " is not in deploy/k8s"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String step : path) {
            current = (Map<String, Object>) current.get(step);
            assertThat(current).as(String.join(".", path)).isNotNull();
        }
        return current;
    }

    private static Map<String, Object> workload(String app) {
        return find(app.equals("processor") ? "StatefulSet" : "Deployment", app);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(String app) {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) at(workload(app), "spec", "template", "spec").get("containers");
        return containers.get(0);
    }

    @Test
    void everyAppRunsWithAServiceOnThePortItListensOn() {
        Map<String, Object> config = find("ConfigMap", "trackstream-config");
        int serverPort = Integer.parseInt(((Map<String, Object>) config.get("data")).get("SERVER_PORT").toString());
        for (String app : APPS) {
            Map<String, Object> port = ports(container(app)).get("http");
            assertThat(port).as("container port http of %s", app).isNotNull();
            assertThat(port.get("containerPort")).as("%s listens on SERVER_PORT", app).isEqualTo(serverPort);
            Map<String, Object> service = find("Service", app);
            assertThat(at(service, "spec").get("selector")).isEqualTo(Map.of("app.kubernetes.io/name", app));
            assertThat(at(workload(app), "spec", "template", "metadata").get("labels")).isEqualTo(Map.of("app.kubernetes.io/name", app));
        }
    }

    @Test
    void everyAppIsProbedOnItsLivenessAndReadinessGroupsAndTheGroupsAreOn() throws IOException {
        for (String app : APPS) {
            Map<String, Object> c = container(app);
            assertThat(at(c, "livenessProbe", "httpGet").get("path")).as("liveness of %s", app).isEqualTo("/actuator/health/liveness");
            assertThat(at(c, "readinessProbe", "httpGet").get("path")).as("readiness of %s", app).isEqualTo("/actuator/health/readiness");
            assertThat(at(c, "readinessProbe", "httpGet").get("port")).isEqualTo("http");
            // the groups exist outside Kubernetes too, so they are switched on by the app, not left to detection
            String yml = Files.readString(ROOT.resolve(app).resolve("src/main/resources/application.yml"));
            assertThat(yml).as("%s enables the probe groups", app).containsPattern("probes:\\s+enabled: true");
        }
    }

    @Test
    void prometheusScrapesEveryAppOnItsPort() {
        for (String app : APPS) {
            Map<String, Object> annotations = at(workload(app), "spec", "template", "metadata", "annotations");
            assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/actuator/prometheus");
            assertThat(Integer.parseInt(annotations.get("prometheus.io/port").toString()))
                    .isEqualTo(ports(container(app)).get("http").get("containerPort"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void appsAreConfiguredOnlyWithVariablesTheyReadAndSecretsComeFromTheSecret() {
        Map<String, Object> secret = (Map<String, Object>) find("Secret", "trackstream-secrets").get("data");
        Map<String, Object> config = (Map<String, Object>) find("ConfigMap", "trackstream-config").get("data");
        for (String app : APPS) {
            AppVariables reads = new AppVariables(ROOT, app);
            Map<String, Object> c = container(app);
            for (Map<String, Object> env : (List<Map<String, Object>>) c.getOrDefault("env", List.of())) {
                String name = env.get("name").toString();
                if (!name.equals("POD_NAME")) {
                    assertThat(reads.reads(name)).as("variable %s of %s is read by the app", name, app).isTrue();
                }
                Map<String, Object> from = (Map<String, Object>) env.get("valueFrom");
                if (from != null && from.containsKey("secretKeyRef")) {
                    Map<String, Object> ref = (Map<String, Object>) from.get("secretKeyRef");
                    assertThat(ref.get("name")).isEqualTo("trackstream-secrets");
                    assertThat(secret).as("secret key of %s's %s", app, name).containsKey(ref.get("key").toString());
                }
                if (name.contains("SECRET") || name.contains("PASSWORD") || name.endsWith("_TOKEN") || name.endsWith("APIKEY")
                        || name.endsWith("API_KEY")) {
                    assertThat(from).as("%s of %s comes from the Secret, not the manifest", name, app).isNotNull();
                }
            }
            for (Map<String, Object> envFrom : (List<Map<String, Object>>) c.getOrDefault("envFrom", List.of())) {
                assertThat(at(envFrom, "configMapRef").get("name")).isEqualTo("trackstream-config");
            }
            config.keySet().forEach(name -> assertThat(reads.reads(name)).as("config %s read by %s", name, app).isTrue());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theProcessorKeepsItsStateOnAVolumeAndIsReachedByItsStableName() {
        Map<String, Object> processor = find("StatefulSet", "processor");
        String headless = at(processor, "spec").get("serviceName").toString();
        assertThat(at(find("Service", headless), "spec").get("clusterIP")).isEqualTo("None");
        List<Map<String, Object>> claims = (List<Map<String, Object>>) at(processor, "spec").get("volumeClaimTemplates");
        String volume = meta(claims.get(0)).get("name").toString();
        Map<String, String> env = new HashMap<>();
        ((List<Map<String, Object>>) container("processor").get("env")).forEach(e -> env.put(e.get("name").toString(),
                e.get("value") == null ? null : e.get("value").toString()));
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) container("processor").get("volumeMounts");
        assertThat(mounts).anySatisfy(m -> {
            assertThat(m.get("name")).isEqualTo(volume);
            assertThat(m.get("mountPath")).isEqualTo(env.get("STATE_DIR"));
        });
        assertThat(env.get("APPLICATION_SERVER")).isEqualTo("$(POD_NAME)." + headless + "." + namespace + ".svc.cluster.local:8080");
        assertThat(env).containsKey("FORWARDING_SECRET");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDisruptionBudgetKeepsAllButOneInstanceOfEveryApp() {
        for (String app : APPS) {
            Map<String, Object> pdb = find("PodDisruptionBudget", app);
            assertThat(at(pdb, "spec").get("maxUnavailable")).isEqualTo(1);
            assertThat(at(pdb, "spec", "selector").get("matchLabels")).isEqualTo(Map.of("app.kubernetes.io/name", app));
        }
        assertThat(RENDERED).filteredOn(r -> "Namespace".equals(r.get("kind"))).extracting(r -> meta(r).get("name")).containsExactly(namespace);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> ports(Map<String, Object> container) {
        Map<String, Map<String, Object>> byName = new HashMap<>();
        ((List<Map<String, Object>>) container.get("ports")).forEach(p -> byName.put(p.get("name").toString(), p));
        return byName;
    }
}
