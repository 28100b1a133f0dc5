package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.trackstream.carriers.webhook.WebhookSigner;
import io.trackstream.testkit.broker.BrokerKits;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub workflow for hosts with Docker (.github/workflows/ci.yml) cannot run on the build machines, so it is
 * checked by reading it, with the files it relies on: it runs the README's test command (the one .ci/run runs) on the
 * container backend, builds the jars and every app image of docker-compose.yml, brings that file's stack up and
 * runs deploy/smoke.sh, whose ports, tenant, token and webhook secret are the compose file's.
 */
class ComposeCiWorkflowTest {

    private static final Path ROOT = DockerComposeFileTest.ROOT;
    private static final Path WORKFLOW = ROOT.resolve(".github/workflows/ci.yml");
    private static final Path SMOKE = ROOT.resolve("deploy/smoke.sh");
    private static final String COMPOSE_FILE = "docker-compose.yml";
    /** The command docker-compose.yml's header and deploy/app/Dockerfile name for the jars the images copy. */
    private static final String JAR_BUILD = "mvn -B -DskipTests package";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> workflow() throws IOException {
        return new Yaml().load(Files.readString(WORKFLOW));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(String job) throws IOException {
        Map<String, Object> jobs = (Map<String, Object>) workflow().get("jobs");
        assertThat(jobs).as("jobs of %s", WORKFLOW).containsKey(job);
        return (List<Map<String, Object>>) ((Map<String, Object>) jobs.get(job)).get("steps");
    }

    /** The {@code run:} commands of a job, one per line, in order. */
    private static List<String> commands(String job) throws IOException {
        List<String> commands = new ArrayList<>();
        for (Map<String, Object> step : steps(job)) {
            if (step.get("run") != null) {
                Arrays.stream(step.get("run").toString().split("\n")).map(String::strip).filter(l -> !l.isEmpty()).forEach(commands::add);
            }
        }
        return commands;
    }

    /** The README's test command: the second line of its first code block, without its comment. */
    static String readmeTestCommand() throws IOException {
        Matcher block = Pattern.compile("(?s)```bash\n(.*?)```").matcher(Files.readString(ROOT.resolve("README.md")));
        assertThat(block.find()).as("README.md starts with a bash block").isTrue();
        String line = block.group(1).split("\n")[1];
        return line.replaceAll("#.*$", "").strip();
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsOnPushAndPullRequestWithJdk17AndTheMavenCache() throws IOException {
        Map<String, Object> workflow = workflow();
        // YAML 1.1 (SnakeYAML) reads the key `on` as true.
        Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
        assertThat(on).as("the workflow's triggers").isInstanceOf(Map.class);
        assertThat(((Map<String, Object>) on).keySet()).contains("push", "pull_request");
        for (String job : ((Map<String, Object>) workflow.get("jobs")).keySet()) {
            assertThat(steps(job)).as("steps of %s", job).anyMatch(s -> String.valueOf(s.get("uses")).startsWith("actions/checkout@"));
            Map<String, Object> java = steps(job).stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@"))
                    .findFirst().orElseThrow(() -> new AssertionError("job " + job + " sets up no JDK"));
            Map<String, Object> with = (Map<String, Object>) java.get("with");
            assertThat(with.get("java-version")).as("JDK of %s", job).hasToString("17");
            assertThat(with.get("cache")).as("cache of %s", job).hasToString("maven");
            assertThat(with.get("distribution")).as("JDK distribution of %s", job).isNotNull();
        }
    }

    @Test
    void testsRunTheReadmesTestCommandThroughCiRunOnTheContainerBackend() throws IOException {
        String readme = readmeTestCommand();
        assertThat(readme).isEqualTo("mvn -B verify");
        List<String> ciRun = Files.readAllLines(ROOT.resolve(".ci/run")).stream().filter(l -> l.startsWith("mvn ")).toList();
        assertThat(ciRun).as(".ci/run runs the README's test command, handing on its arguments").containsExactly(readme + " \"$@\"");
        assertThat(commands("tests")).as("the tests job").contains(".ci/run -D" + BrokerKits.PROPERTY + "=container")
                .noneMatch(c -> c.startsWith("mvn "));
    }

    @Test
    void theSmokeJobBuildsTheJarsAndImagesThenStartsTheComposeStackAndRunsTheSmokeScript() throws IOException {
        assertThat(Files.readString(ROOT.resolve(COMPOSE_FILE))).as("the compose file's header").contains(JAR_BUILD);
        assertThat(Files.readString(ROOT.resolve("deploy/app/Dockerfile"))).as("the Dockerfile's header").contains(JAR_BUILD);
        List<String> commands = commands("compose-smoke");
        int jars = commands.indexOf(JAR_BUILD);
        int build = indexOf(commands, "docker compose -f " + COMPOSE_FILE + " build");
        int up = indexOf(commands, "docker compose -f " + COMPOSE_FILE + " up -d --wait");
        int smoke = commands.indexOf(ROOT.relativize(SMOKE).toString());
        Map<String, Integer> steps = new LinkedHashMap<>();
        steps.put(JAR_BUILD, jars);
        steps.put("docker compose -f " + COMPOSE_FILE + " build", build);
        steps.put("docker compose -f " + COMPOSE_FILE + " up -d --wait", up);
        steps.put(ROOT.relativize(SMOKE).toString(), smoke);
        steps.forEach((step, index) -> assertThat(index).as("the smoke job runs `%s`; it runs %s", step, commands).isNotNegative());
        assertThat(List.copyOf(steps.values())).as("the smoke job runs %s in this order; it runs %s", steps.keySet(), commands).isSorted();
        assertThat(ROOT.resolve(COMPOSE_FILE)).isRegularFile();
        assertThat(Files.isExecutable(SMOKE)).as("%s is executable", SMOKE).isTrue();
        // Every compose command of the workflow uses the compose file that exists.
        assertThat(commands.stream().filter(c -> c.startsWith("docker compose"))).isNotEmpty()
                .allMatch(c -> c.startsWith("docker compose -f " + COMPOSE_FILE + " "));
    }

    /** `docker compose build` with no service names builds every service with a build section; with names, all of them. */
    @Test
    @SuppressWarnings("unchecked")
    void theSmokeJobBuildsEveryAppImageOfTheComposeFileFromDeploy() throws IOException {
        String version = projectVersion();
        Set<String> built = new TreeSet<>();
        DockerComposeFileTest.services().forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> buildSection) {
                Map<String, Object> build = (Map<String, Object>) buildSection;
                String dockerfile = build.get("dockerfile").toString();
                assertThat(dockerfile).as("Dockerfile of %s", name).startsWith("deploy/");
                assertThat(ROOT.resolve(build.get("context").toString()).normalize()).as("build context of %s", name).isEqualTo(ROOT);
                String module = ((Map<String, Object>) build.get("args")).get("MODULE").toString();
                assertThat(service.get("image")).as("image of %s", name).hasToString("trackstream/" + module + ":" + version);
                built.add(name);
            }
        });
        assertThat(built).as("the services built from deploy/").containsAll(List.of("processor", "webhook-ingest", "producer-pollers", "order-notifier", "sandbox"));
        // The image copies the jar of that version (which the jar step builds).
        assertThat(Files.readString(ROOT.resolve("deploy/app/Dockerfile"))).contains("${MODULE}-" + version + "-exec.jar");

        String build = commands("compose-smoke").stream().filter(c -> c.startsWith("docker compose -f " + COMPOSE_FILE + " build"))
                .findFirst().orElseThrow(() -> new AssertionError("the smoke job builds no image"));
        List<String> named = Arrays.stream(build.substring(("docker compose -f " + COMPOSE_FILE + " build").length()).strip().split("\\s+"))
                .filter(a -> !a.isEmpty() && !a.startsWith("-")).toList();
        assertThat(named.isEmpty() || named.containsAll(built)).as("`%s` builds every image of %s", build, built).isTrue();
        assertThat(DockerComposeFileTest.services().keySet()).as("services named by `%s`", build).containsAll(named);
    }

    /** `up --wait` fails on a container that exits, unless a service waits for it to complete (a one-shot). */
    @Test
    @SuppressWarnings("unchecked")
    void everyOneShotServiceIsAwaitedToCompleteSoUpWaitSucceeds() throws IOException {
        Map<String, Map<String, Object>> services = DockerComposeFileTest.services();
        services.forEach((name, service) -> {
            if ("no".equals(String.valueOf(service.get("restart")))) {
                assertThat(services.values()).as("a service waits for one-shot %s to complete", name).anyMatch(other ->
                        other.get("depends_on") instanceof Map<?, ?> deps && deps.get(name) instanceof Map<?, ?> dep
                                && "service_completed_successfully".equals(((Map<String, Object>) dep).get("condition")));
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSmokeScriptChecksTheHealthOfEveryAppOnItsPublishedPort() throws IOException {
        Map<String, Map<String, Object>> services = DockerComposeFileTest.services();
        Map<String, Integer> smokePorts = new LinkedHashMap<>();
        for (String entry : smokeDefault("APP_PORTS").split("\\s+")) {
            String[] parts = entry.split("=");
            smokePorts.put(parts[0], Integer.parseInt(parts[1]));
        }
        // The apps: services with an actuator healthcheck.
        Set<String> apps = new TreeSet<>();
        services.forEach((name, service) -> {
            if (String.valueOf(service.get("healthcheck")).contains("/actuator/health")) {
                apps.add(name);
            }
        });
        assertThat(smokePorts.keySet()).as("the apps deploy/smoke.sh checks").containsExactlyInAnyOrderElementsOf(apps).isNotEmpty();
        smokePorts.forEach((app, port) -> {
            String serverPort = DockerComposeFileTest.environment(services.get(app)).get("SERVER_PORT");
            assertThat((List<Object>) services.get(app).get("ports")).as("host port %s of %s", port, app).map(Object::toString)
                    .contains(port + ":" + serverPort);
        });
        assertThat(Files.readString(SMOKE)).contains("/actuator/health");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSmokeScriptUsesTheOrderSandboxTheNotifierCallsAndTheDemoTenant() throws IOException {
        Map<String, Map<String, Object>> services = DockerComposeFileTest.services();
        Map<String, Object> sandbox = services.get("sandbox");
        List<String> command = ((List<Object>) sandbox.get("command")).stream().map(Object::toString).toList();
        String containerPort = command.stream().filter(c -> c.startsWith("--order-sandbox-port=")).findFirst()
                .orElseThrow(() -> new AssertionError("the sandbox service sets no --order-sandbox-port: " + command)).split("=")[1];
        assertThat((List<Object>) sandbox.get("ports")).as("ports of the sandbox").map(Object::toString)
                .contains(smokeDefault("ORDER_SANDBOX_PORT") + ":" + containerPort);

        Map<String, String> notifier = DockerComposeFileTest.environment(services.get("order-notifier"));
        assertThat(notifier.get("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_BASEURL")).isEqualTo("http://sandbox:" + containerPort);
        String tenant = smokeDefault("TENANT");
        assertThat(notifier.get("TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_TENANTID")).as("the notifier's Carriyo tenant-id").isEqualTo(tenant);
        assertThat(DockerComposeFileTest.environment(services.get("webhook-ingest")).get("TRACKSTREAM_SECURITY_APPTOKENS_0_TENANT"))
                .as("the tenant of webhook-ingest's demo token").isEqualTo(tenant);
    }

    /** The same variable with the same default: a token or secret changed on either side breaks the smoke. */
    @Test
    @SuppressWarnings("unchecked")
    void theSmokeScriptSignsAndRegistersWithTheComposeFilesSecretAndToken() throws IOException {
        Map<String, Object> ingest = (Map<String, Object>) DockerComposeFileTest.services().get("webhook-ingest").get("environment");
        assertThat(smokeAssignment("INGEST_TOKEN")).as("deploy/smoke.sh's ingest token")
                .isEqualTo(ingest.get("TRACKSTREAM_SECURITY_APPTOKENS_0_TOKEN").toString());
        assertThat(smokeAssignment("CARRIYO_SECRET")).as("deploy/smoke.sh's Carriyo webhook secret")
                .isEqualTo(ingest.get("TRACKSTREAM_WEBHOOK_SECRET_CARRIYO").toString());
        assertThat(ingest.get("TRACKSTREAM_SECURITY_APPTOKENS_0_SCOPES")).hasToString("WRITE_SHIPPING");

        String script = Files.readString(SMOKE);
        assertThat(script).contains("/webhooks/carriyo", "/shipments", "/sandbox/carriyo/orders", "/sandbox/summary")
                .contains(WebhookSigner.TIMESTAMP_HEADER + ": ", WebhookSigner.SIGNATURE_HEADER + ": " + WebhookSigner.SCHEME_PREFIX)
                .contains("openssl dgst -sha256 -hmac \"$CARRIYO_SECRET\"");
    }

    private static int indexOf(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The right-hand side of {@code NAME=...} in deploy/smoke.sh, as written. */
    static String smokeAssignment(String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(Files.readString(SMOKE));
        assertThat(m.find()).as("deploy/smoke.sh sets %s", name).isTrue();
        return m.group(1).strip();
    }

    /** The value deploy/smoke.sh gives {@code NAME} when no variable overrides it. */
    static String smokeDefault(String name) throws IOException {
        String value = smokeAssignment(name);
        Matcher m = Pattern.compile("^\\$\\{[A-Z0-9_]+:-\"?(.*?)\"?}$").matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>trackstream-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("the parent pom's version").isTrue();
        return m.group(1);
    }
}
