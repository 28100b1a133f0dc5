package io.trackstream.local.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) with the project's compose configuration aimed at a fake app on this machine:
 * it scrapes every target, answers queries with series, answers a query with a label nobody exports with none, and
 * refuses a misused function. Skipped, saying so, where no prometheus binary is installed.
 */
class PrometheusServerTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    private final AtomicInteger scrapes = new AtomicInteger();
    private final List<HttpServer> apps = new ArrayList<>();
    private PrometheusServer prometheus;

    @BeforeEach
    void requirePrometheus() {
        assumeTrue(PrometheusServer.binary().isPresent(), "prometheus is not installed (Debian's prometheus package; as root: "
                + "scripts/install-prometheus.sh, which .ci/run runs): no real Prometheus was run");
    }

    /** A fake app exporting a counter and a histogram that grow with every scrape. */
    private int startFakeApp() throws IOException {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/actuator/prometheus", exchange -> {
            int n = scrapes.incrementAndGet();
            byte[] body = ("""
                    # TYPE demo_requests_total counter
                    demo_requests_total{application="demo",outcome="ok"} %d
                    # TYPE demo_latency_seconds histogram
                    demo_latency_seconds_bucket{application="demo",le="0.1"} %d
                    demo_latency_seconds_bucket{application="demo",le="+Inf"} %d
                    demo_latency_seconds_count{application="demo"} %d
                    demo_latency_seconds_sum{application="demo"} %d
                    """).formatted(10 * n, 9 * n, 10 * n, 10 * n, n).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        apps.add(app);
        return app.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        apps.forEach(app -> app.stop(0));
    }

    @Test
    void itScrapesEveryComposeTargetAndTellsSeriesFromNoSeries(@TempDir Path dir) throws IOException {
        Map<String, Integer> services = Map.of("processor", startFakeApp(), "producer-pollers", startFakeApp(),
                "webhook-ingest", startFakeApp(), "order-notifier", startFakeApp());
        prometheus = PrometheusServer.start(ROOT, dir.resolve("prometheus"), freePort(), services, dir.resolve("prometheus.log"));

        prometheus.awaitEveryTargetUp(Duration.ofSeconds(60));

        assertThat(prometheus.query("up{job=\"trackstream\"}").series()).as("the four app targets").isEqualTo(4);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(prometheus.query(
                "histogram_quantile(0.99, sum by (le) (rate(demo_latency_seconds_bucket[1m])))").hasSeries()).isTrue());
        assertThat(prometheus.query("sum by (outcome, instance) (rate(demo_requests_total{application=\"demo\"}[1m]))").hasSeries()).isTrue();
        assertThat(prometheus.query("demo_requests_total{outcome=\"error\"}").hasSeries()).as("a label value nobody exports").isFalse();
        assertThat(prometheus.query("histogram_quantile(0.99, rate(demo_latency_seconds_count[1m]))").hasSeries())
                .as("a histogram asked without buckets").isFalse();
        assertThat(prometheus.query("rate(demo_requests_total)").error()).as("a range function without a range").isNotNull();

        prometheus.close();
        assertThat(prometheus.targetsNotUp()).as("after close").singleElement().asString().contains("does not answer");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
