package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trackstream.local.apps.App;
import io.trackstream.local.prometheus.MonitoringCheck;
import io.trackstream.local.prometheus.PrometheusServer;
import io.trackstream.testkit.carrier.DemoShipment;
import io.trackstream.local.summary.PrometheusText;
import io.trackstream.local.summary.StackSummary;
import io.trackstream.testkit.ordersystem.SandboxApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The whole local stack as {@code run-local.sh} runs it — the KRaft broker, the schema registry, the sandboxes and the
 * four apps as child JVMs from their exec jars (built by the reactor before this module) — with a few shipments at
 * high speed, asserting what a user sees: every shipment DELIVERED in the read API, every order closed once in the
 * order-system sandbox (the Shopify one never), repeats dropped, unknown codes counted, a refused order update
 * dead-lettered; and that the Grafana dashboard and the alert rules only query metrics the apps export and, where
 * Debian's Prometheus is installed, that a real Prometheus scraping the apps answers each of their queries with series.
 */
class LocalStackEndToEndTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/trackstream.json");
    private static final Path ALERT_RULES = ROOT.resolve("deploy/prometheus/alerts.yml");
    /** Series Prometheus itself adds to every scrape target; a dashboard may query them. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added", "scrape_timeout_seconds", "scrape_sample_limit",
            "scrape_body_size_bytes", "ALERTS", "ALERTS_FOR_STATE");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Generous: two busy cores run a broker, four JVMs and this test. */
    private static final Duration DEMO_TIMEOUT = Duration.ofSeconds(150);

    private static LocalStackRun run;

    @BeforeAll
    static void startTheWholeStack() throws IOException {
        Path dataDir = Files.createTempDirectory("local-stack-e2e");
        // Speed 600: a shipment's life takes about 18 s; Shiplemon is polled every 3 s, the others every 6 s.
        // Seven shipments: every source, a two-parcel shipment, two unknown codes and a Shopify order (demo-0007).
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--base-port", "0", "--kafka-port", "0",
                "--partitions", "2", "--shipments", "7", "--speed", "600", "--summary-interval", "0", "--app-heap", "256m",
                "--repository", ROOT.toString()));
        if (PrometheusServer.binary().isPresent()) {
            args.add("--prometheus"); // a real Prometheus scrapes the apps from before the demo on (scripts/install-prometheus.sh)
        }
        run = LocalStackRun.start(LocalStackOptions.parse(args.toArray(String[]::new)), Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(run::close, "stop-local-stack"));
        // Faults the notifier must live with: a shop-platform call fails (retried), and the retry is refused (dead letter).
        run.orders().failNext(SandboxApi.SHOP, 1, 503);
        run.orders().failNext(SandboxApi.SHOP, 1, 400);
    }

    @AfterAll
    static void stopEverything() {
        if (run != null) {
            run.close();
            assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("app JVMs left running").isEmpty();
        }
    }

    @Test
    void everyShipmentIsDeliveredAndEveryOrderClosedOnce() throws Exception {
        awaitDemoPlayedOut();

        for (DemoShipment shipment : run.scenario().shipments()) {
            int timesClosed = run.orders().timesClosed(run.credentials().carriyoTenantId(), shipment.partnerOrderReference());
            assertThat(timesClosed).as("order %s of %s (%s)", shipment.partnerOrderReference(), shipment.shipmentId(), shipment.salesChannel())
                    .isEqualTo(shipment.autoClosable() ? 1 : 0);
        }
        JsonNode first = shipment("demo-0001");
        assertThat(first.path("provider").asText()).isEqualTo("shiplemon");
        assertThat(first.at("/parcels/0/history").findValuesAsText("carrierStatusText")).contains("ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ");
        assertThat(shipment("demo-0004").path("parcels")).as("the two-parcel shipment").hasSize(2);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StackSummary summary = run.summary();
            assertThat(summary.shipmentsByStatus()).as("shipments.v1 as a consumer reads it").containsExactly(Map.entry("DELIVERED", 7L));
            assertThat(summary.duplicates()).as("repeats dropped").isPositive();
            assertThat(summary.unknownCodes()).as("unknown codes (demo-0001 HELD_AT_DEPOT, demo-0005 handed_to_partner)").isEqualTo(2.0);
            assertThat(summary.deadLetters()).as("the refused shop-platform update").isEqualTo(1.0);
            assertThat(summary.ordersClosed()).isEqualTo(6);
            assertThat(summary.polls()).as("carrier calls by outcome").containsKeys("ok", "429");
        });
    }

    @Test
    void everyMetricTheGrafanaDashboardAndTheAlertRulesQueryIsExportedByAnApp() throws Exception {
        awaitDemoPlayedOut();
        syncAShipment();
        Set<String> queried = PromQlMetricNames.ofDashboard(JSON.readTree(DASHBOARD.toFile()));
        Set<String> alerted = PromQlMetricNames.ofRules(new Yaml().load(Files.readString(ALERT_RULES)));
        assertThat(queried).as("metrics queried by %s", ROOT.relativize(DASHBOARD)).isNotEmpty();
        assertThat(alerted).as("metrics queried by %s", ROOT.relativize(ALERT_RULES)).isNotEmpty();

        // Some meters appear on their first reading (the shipments-by-status gauge once Streams runs, read every 30 s):
        // scrape until they are all there, or the budget is spent.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>();
            for (App app : App.values()) {
                exported.addAll(PrometheusText.names(PrometheusText.parse(get(run.appUrl(app, "/actuator/prometheus"), null).body())));
            }
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(exported);
            missing.removeAll(PROMETHEUS_OWN);
            assertThat(missing).as("metrics the dashboard queries that no app exports after a whole demo run (exported: %s)", exported).isEmpty();

            Set<String> notExported = new TreeSet<>(alerted);
            notExported.removeAll(exported);
            notExported.removeAll(PROMETHEUS_OWN);
            assertThat(notExported).as("metrics the alert rules query that no app exports after a whole demo run (exported: %s)", exported).isEmpty();
        });
    }

    @Test
    void aRealPrometheusAnswersEveryDashboardQueryAndAlertExpressionWithSeries() throws Exception {
        assumeTrue(run.prometheus().isPresent(), "prometheus is not installed (Debian's prometheus package; as root: "
                + "scripts/install-prometheus.sh, which .ci/run runs): the dashboard's queries were NOT evaluated by a real Prometheus");
        PrometheusServer prometheus = run.prometheus().orElseThrow();
        awaitDemoPlayedOut();
        syncAShipment();
        MonitoringCheck check = run.monitoringCheck();
        assertThat(check.queries()).as("dashboard queries and alert expressions").hasSizeGreaterThan(40);

        // Rates need two scrapes of a series (every 2 s); the dead letter's alert must have fired (ALERTS on the dashboard).
        AtomicReference<List<MonitoringCheck.Outcome>> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            last.set(check.evaluate(prometheus));
            assertThat(MonitoringCheck.failures(last.get()))
                    .as("dashboard queries and alert expressions without a series on Prometheus %s", prometheus.url("")).isEmpty();
        });
        System.out.println(MonitoringCheck.report(last.get()));
    }

    /**
     * A user syncs a shipment too (the banner's Sync API line), so the sync API's meters exist as in real use.
     * The carrier sandbox answers every 7th call 429, which a sync passes on at once: ask again then.
     */
    private static void syncAShipment() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> sync = send(HttpRequest.newBuilder(run.appUrl(App.PRODUCER_POLLERS, "/shipments/demo-0002/sync"))
                    .POST(HttpRequest.BodyPublishers.noBody()), run.credentials().readToken());
            assertThat(sync.statusCode()).as("sync: %s", sync.body()).isEqualTo(200);
            assertThat(JSON.readTree(sync.body()).path("tracking_status").asText()).isEqualTo("DELIVERED");
        });
    }

    /** Every shipment DELIVERED in the read API, and every webhook sent. */
    private static void awaitDemoPlayedOut() {
        await().atMost(DEMO_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (DemoShipment shipment : run.scenario().shipments()) {
                assertThat(shipment(shipment.shipmentId()).path("status").asText()).as(shipment.shipmentId()).isEqualTo("DELIVERED");
            }
            assertThat(run.webhooks().done()).as("every webhook sent").isTrue();
        });
    }

    private static JsonNode shipment(String id) throws Exception {
        HttpResponse<String> response = get(run.appUrl(App.PROCESSOR, "/v1/shipments/" + id), run.credentials().readToken());
        assertThat(response.statusCode()).as("GET /v1/shipments/%s: %s", id, response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("data");
    }

    private static HttpResponse<String> get(URI url, String token) throws Exception {
        return send(HttpRequest.newBuilder(url), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        request.timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
