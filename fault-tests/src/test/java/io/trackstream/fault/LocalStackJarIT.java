package io.trackstream.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.trackstream.testkit.broker.Ports;
import io.trackstream.topics.TopicCatalog;

/**
 * The README's first command runs the local stack's exec jar, whose classpath is the jar's, not the tests': a class the
 * stack needs that only tests bring along fails there and nowhere else. This starts the jar as {@code ./run-local.sh}
 * does, in {@code --broker-only} mode (the broker kit, the registry and the catalogue's topics, no apps), and checks
 * that the broker and the registry serve.
 */
class LocalStackJarIT {

    private static final String BANNER_END = "Press Ctrl-C to stop.";
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @Test
    void theExecJarStartsTheBrokerAndTheRegistryWithTheCataloguesTopics(@TempDir Path dir) throws Exception {
        Path jar = ROOT.resolve("local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar");
        assertThat(jar).as("built by the reactor before this module").exists();
        int kafkaPort = Ports.freeWithNext();
        int registryPort = Ports.free();
        Path output = dir.resolve("local-stack.log");
        Process stack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar.toString(), "--broker-only", "--data-dir", dir.resolve("data").toString(),
                "--kafka-port", String.valueOf(kafkaPort), "--registry-port", String.valueOf(registryPort))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            await("the stack's banner, its failure or its end").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500)).until(() -> !stack.isAlive() || log(output).contains(BANNER_END)
                            || log(output).contains("Exception in thread"));
            assertThat(log(output)).as("the local stack's output").contains(BANNER_END).doesNotContain("Exception in thread");
            assertThat(stack.isAlive()).as("the local stack is running").isTrue();

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort))) {
                List<String> expected = TopicCatalog.defaults().topics().stream().map(t -> t.name()).toList();
                assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).containsAll(expected);
            }
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + registryPort + "/subjects")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
        } finally {
            stack.destroy();
            if (!stack.waitFor(60, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }
    }

    private static String log(Path output) throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.ISO_8859_1) : "";
    }
}
