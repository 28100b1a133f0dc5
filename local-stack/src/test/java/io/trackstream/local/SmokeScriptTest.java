package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trackstream.carriers.webhook.WebhookSigner;
import io.trackstream.testkit.ordersystem.CarriyoOrder;
import io.trackstream.testkit.ordersystem.OrderSystemSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs deploy/smoke.sh (what the CI workflow runs against the compose stack) against the real order-system sandbox
 * and a stand-in for the pipeline: it answers every app's health, takes the registration with the compose file's
 * demo token, verifies the webhook's signature with {@link WebhookSigner} and the compose file's Carriyo secret, and,
 * as processor and notifier would, closes the order through the sandbox's Carriyo API. So the script's requests,
 * signature and polling are checked here, and that it fails, saying why, when the order is never closed or the
 * signature is wrong. The compose stack itself needs Docker (the workflow's compose-smoke job).
 */
class SmokeScriptTest {

    private static final Path SMOKE = DockerComposeFileTest.ROOT.resolve("deploy/smoke.sh");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderSystemSandbox orders;
    private HttpServer pipeline;
    private ScheduledExecutorService closer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> referenceByTrackingNumber = new ConcurrentHashMap<>();
    private final List<byte[]> acceptedWebhooks = new CopyOnWriteArrayList<>();
    private final AtomicInteger registrationAttempts = new AtomicInteger();
    private volatile boolean closesOrders = true;
    private String token;
    private String secret;
    private String tenant;

    @BeforeAll
    static void toolsThereAre() {
        for (String tool : List.of("bash", "curl", "jq", "openssl")) {
            assumeTrue(onPath(tool), tool + " is not on the PATH: deploy/smoke.sh was NOT run");
        }
    }

    @BeforeEach
    void start() throws IOException {
        token = ComposeCiWorkflowTest.smokeDefault("INGEST_TOKEN");
        secret = ComposeCiWorkflowTest.smokeDefault("CARRIYO_SECRET");
        tenant = ComposeCiWorkflowTest.smokeDefault("TENANT");
        orders = OrderSystemSandbox.start(0);
        closer = Executors.newSingleThreadScheduledExecutor();
        pipeline = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        pipeline.createContext("/actuator/health", ex -> answer(ex, 200, "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"));
        pipeline.createContext("/shipments", this::registration);
        pipeline.createContext("/webhooks/", this::webhook);
        pipeline.setExecutor(Executors.newFixedThreadPool(4));
        pipeline.start();
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.stop(0);
        }
        if (closer != null) {
            closer.shutdownNow();
        }
        if (orders != null) {
            orders.close();
        }
    }

    @Test
    void oneSignedWebhookEndsInItsOrderClosedOnce() throws Exception {
        Run run = smoke(Map.of());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("smoke: processor is UP", "smoke: webhook-ingest is UP", "smoke: producer-pollers is UP",
                "smoke: order-notifier is UP", "smoke: OK: order SMOKE-");
        // webhook-ingest's 503 to the first registration was sent again
        assertThat(registrationAttempts).hasValue(2);
        assertThat(acceptedWebhooks).hasSize(1);
        JsonNode webhook = JSON.readTree(acceptedWebhooks.get(0));
        assertThat(webhook.at("/post_shipping_info/status").asText()).isEqualTo("delivered");
        assertThat(webhook.at("/post_shipping_info/carrier_status_description").asText()).isEqualTo("ΠΑΡΑΔΟΘΗΚΕ");
        String reference = webhook.at("/references/partner_order_reference").asText();
        CarriyoOrder order = orders.carriyoOrder(tenant, reference).orElseThrow();
        assertThat(order.closed()).isTrue();
        assertThat(order.timesClosed()).isEqualTo(1);
        assertThat(run.output()).contains("order " + reference + " was closed once");
    }

    @Test
    void failsSayingSoWhenTheOrderIsNeverClosed() throws Exception {
        closesOrders = false;
        Run run = smoke(Map.of("SMOKE_TIMEOUT_SECONDS", "8"));

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("smoke: FAILED: order SMOKE-").contains("was not closed within 8s").contains("\"status\":\"open\"");
        assertThat(acceptedWebhooks).hasSize(1);
    }

    @Test
    void failsAtOnceWhenWebhookIngestRefusesTheSignature() throws Exception {
        Run run = smoke(Map.of("TRACKSTREAM_WEBHOOK_SECRET_CARRIYO", "not-" + secret));

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("webhook-ingest refused the signed Carriyo webhook").contains("HTTP 401").contains("invalid_signature");
        assertThat(acceptedWebhooks).isEmpty();
    }

    private record Run(int exit, String output) {
    }

    private Run smoke(Map<String, String> extraEnvironment) throws Exception {
        int port = pipeline.getAddress().getPort();
        ProcessBuilder builder = new ProcessBuilder("bash", SMOKE.toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SMOKE_") || k.startsWith("TRACKSTREAM_"));
        env.put("SMOKE_HOST", "127.0.0.1");
        env.put("SMOKE_APP_PORTS", "processor=%d webhook-ingest=%d producer-pollers=%d order-notifier=%d".formatted(port, port, port, port));
        env.put("SMOKE_ORDER_SANDBOX_PORT", Integer.toString(orders.port()));
        env.put("SMOKE_TIMEOUT_SECONDS", "60");
        env.putAll(extraEnvironment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes(); // until the script ends: its own timeout bounds it
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("deploy/smoke.sh ended").isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** webhook-ingest's POST /shipments: the demo token, a 503 first (Kafka settling), then 202. */
    private void registration(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"status\":401,\"type\":\"invalid_token\"}");
            return;
        }
        if (registrationAttempts.incrementAndGet() == 1) {
            answer(exchange, 503, "{\"status\":503,\"type\":\"broker_unavailable\"}");
            return;
        }
        JsonNode registration = JSON.readTree(body);
        for (JsonNode parcel : registration.path("parcels")) {
            referenceByTrackingNumber.put(parcel.path("trackingNumber").asText(), registration.path("partnerOrderReference").asText());
        }
        answer(exchange, 202, "{\"status\":202,\"success\":true}");
    }

    /** webhook-ingest's POST /webhooks/carriyo: the signature checked as it checks it, then "processor and notifier". */
    private void webhook(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String timestamp = exchange.getRequestHeaders().getFirst(WebhookSigner.TIMESTAMP_HEADER);
        String signature = exchange.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER);
        if (!exchange.getRequestURI().getPath().equals("/webhooks/carriyo") || timestamp == null || signature == null
                || Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()) > 300
                || !MessageDigest.isEqual(WebhookSigner.sign(secret, Long.parseLong(timestamp), body).getBytes(StandardCharsets.US_ASCII),
                        signature.getBytes(StandardCharsets.US_ASCII))) {
            answer(exchange, 401, "{\"status\":401,\"type\":\"invalid_signature\",\"field\":\"X-Trackstream-Signature\"}");
            return;
        }
        JsonNode webhook = JSON.readTree(body);
        String reference = referenceByTrackingNumber.get(webhook.at("/post_shipping_info/tracking_no").asText());
        acceptedWebhooks.add(body);
        answer(exchange, 202, "{\"status\":202,\"success\":true}");
        if (closesOrders && reference != null && "delivered".equals(webhook.at("/post_shipping_info/status").asText())) {
            closer.schedule(() -> close(reference), 1, TimeUnit.SECONDS);
        }
    }

    /** The notifier's auto-close: a token, then the Carriyo-style status update. */
    private Void close(String reference) throws Exception {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(orders.carriyoTokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=smoke&client_secret=smoke")).build(),
                HttpResponse.BodyHandlers.ofString());
        String accessToken = JSON.readTree(token.body()).path("access_token").asText();
        String now = Instant.now().toString();
        String update = JSON.writeValueAsString(Map.of("references", Map.of("partner_order_reference", reference),
                "post_shipping_info", Map.of("status", "delivered", "delivery_date", now, "update_date", now)));
        http.send(HttpRequest.newBuilder(URI.create(orders.baseUrl() + "/orders/shipment-status-update"))
                .header("Authorization", "Bearer " + accessToken).header("x-api-key", "demo-carriyo-key").header("tenant-id", tenant)
                .header("Idempotency-Key", reference + ":delivered").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(update)).build(), HttpResponse.BodyHandlers.ofString());
        return null;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
