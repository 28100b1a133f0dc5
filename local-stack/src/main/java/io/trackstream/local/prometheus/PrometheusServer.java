package io.trackstream.local.prometheus;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, found on the PATH) scraping a stack on this machine
 * with the compose configuration ({@link PrometheusConfig}) and the project's alert rules, and its HTTP API: which
 * targets are up, and what an instant query returns. Its data lives in a folder of its own, kept one hour; it listens
 * on 127.0.0.1 only. {@link #close()} stops it (SIGTERM, then SIGKILL).
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrometheusServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short enough that a demo of a minute gives rates several samples; a real deployment scrapes every 10-30 s. */
    public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);

    private final Process process;
    private final int port;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** The {@code prometheus} binary on the PATH, if any. */
    public static Optional<Path> binary() {
        return onPath("prometheus");
    }

    /** The {@code promtool} binary on the PATH, if any. */
    public static Optional<Path> promtool() {
        return onPath("promtool");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts Prometheus on {@code 127.0.0.1:port} with deploy/prometheus/prometheus.yml and alerts.yml of
     * {@code repository}, each compose service's target replaced by its port here, and returns once it is ready
     * (not yet once it has scraped: {@link #awaitEveryTargetUp(Duration)}).
     *
     * @param workDir      its configuration, rules copy and data go here (emptied first)
     * @param servicePorts the compose service names of the targets, and the ports they listen on here
     */
    public static PrometheusServer start(Path repository, Path workDir, int port, Map<String, Integer> servicePorts, Path logFile) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "No prometheus binary on the PATH: install Debian's prometheus package (as root: scripts/install-prometheus.sh)"));
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Path rules = Files.copy(repository.resolve("deploy/prometheus/alerts.yml"), workDir.resolve("alerts.yml"),
                    StandardCopyOption.REPLACE_EXISTING);
            Map<String, Object> compose = new Yaml().load(Files.readString(repository.resolve("deploy/prometheus/prometheus.yml")));
            Map<String, Integer> targets = new LinkedHashMap<>(servicePorts);
            targets.put("prometheus", port);
            Path config = workDir.resolve("prometheus.yml");
            Files.writeString(config, PrometheusConfig.yaml(PrometheusConfig.aimedAt(compose, targets, rules, SCRAPE_INTERVAL)));
            Path data = workDir.resolve("data");
            Files.createDirectories(data);
            List<String> command = List.of(binary.toString(),
                    "--config.file=" + config.toAbsolutePath(),
                    "--storage.tsdb.path=" + data.toAbsolutePath(),
                    "--storage.tsdb.retention.time=1h",
                    "--web.listen-address=127.0.0.1:" + port);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile())).start();
            PrometheusServer server = new PrometheusServer(process, port, logFile);
            try {
                server.awaitReady(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            log.info("Prometheus {} is ready at {} (log {})", binary, server.url(""), logFile);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Prometheus in " + workDir, e);
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (get(url("/-/ready")).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            pause();
        }
        throw new IllegalStateException("Prometheus was not ready within " + timeout + ":\n" + tail());
    }

    /** Waits until Prometheus has scraped every target of its configuration and each answered. */
    public void awaitEveryTargetUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<String> notUp = List.of("(not asked yet)");
        while (Instant.now().isBefore(deadline)) {
            notUp = targetsNotUp();
            if (notUp.isEmpty()) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("Prometheus targets not up within " + timeout + ": " + notUp);
    }

    /** The targets (job and URL) whose last scrape did not succeed or that were not scraped yet; empty when all are up. */
    public List<String> targetsNotUp() {
        try {
            JsonNode targets = api("/api/v1/targets?state=active").path("activeTargets");
            List<String> notUp = new ArrayList<>();
            for (JsonNode target : targets) {
                if (!"up".equals(target.path("health").asText())) {
                    notUp.add(target.path("labels").path("job").asText() + " " + target.path("scrapeUrl").asText()
                            + " " + target.path("health").asText() + " " + target.path("lastError").asText());
                }
            }
            return targets.isEmpty() ? List.of("no targets") : notUp;
        } catch (IOException e) {
            return List.of("Prometheus does not answer: " + e.getMessage());
        }
    }

    /** Evaluates an instant query now: how many series it returned, or Prometheus' error. */
    public QueryResult query(String expr) {
        try {
            JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
            JsonNode result = data.path("result");
            return QueryResult.series(result.isArray() ? result.size() : 1);
        } catch (PrometheusError e) {
            return QueryResult.error(e.getMessage());
        } catch (IOException e) {
            return QueryResult.error("Prometheus does not answer: " + e.getMessage());
        }
    }

    /** The outcome of an instant query. */
    public record QueryResult(int series, String error) {
        static QueryResult series(int n) {
            return new QueryResult(n, null);
        }

        static QueryResult error(String message) {
            return new QueryResult(0, message);
        }

        public boolean hasSeries() {
            return error == null && series > 0;
        }
    }

    private JsonNode api(String pathAndQuery) throws IOException {
        HttpResponse<String> response = get(url(pathAndQuery));
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body(), e);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new PrometheusError(body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        return body.path("data");
    }

    private HttpResponse<String> get(URI url) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static final class PrometheusError extends IOException {
        PrometheusError(String message) {
            super(message);
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Prometheus", e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, and SIGKILL if it has not stopped within 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
