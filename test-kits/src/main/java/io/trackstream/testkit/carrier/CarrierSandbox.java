package io.trackstream.testkit.carrier;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the three polled carrier APIs of the seeds, serving the demo scenario as it unfolds:
 * <ul>
 * <li>{@code GET /shiplemon/public/v1/shipments/{id}/tracking} (x-api-key): the whole history every time, newest
 * first, Greek texts, some entries dated out of order;</li>
 * <li>{@code GET /salesive/shipping/shipments/sync?orderId=} (bearer app_ token): the envelope with the label status;</li>
 * <li>{@code POST /courier-sync/shipments/{id}/sync} (basic auth): the current tag and subtag, with the seed's error
 * objects.</li>
 * </ul>
 * Every {@code throttleEvery}-th request to a provider is answered 429 with {@code Retry-After: 1}, as real carriers do.
 * Every authenticated request is recorded ({@link #calls()}: provider, reference, when), so a test can count the calls
 * per parcel and poll cycle.
 */
public final class CarrierSandbox implements AutoCloseable {

    public static final String SHIPLEMON_API_KEY = "sandbox-shiplemon-key";
    public static final String SALESIVE_TOKEN = "app_sandbox_salesive";
    public static final String COURIER_SYNC_USER = "trackstream";
    public static final String COURIER_SYNC_PASSWORD = "sandbox";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoScenario scenario;
    private final int throttleEvery;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "carrier-sandbox");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> throttled = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** One authenticated request: the provider, the reference it asked about (null when it named none), when it came. */
    public record Call(String provider, String reference, Instant at) {
    }

    public CarrierSandbox(DemoScenario scenario, int port, int throttleEvery) throws IOException {
        this(scenario, "127.0.0.1", port, throttleEvery);
    }

    /**
     * @param bindAddress   {@code 127.0.0.1} for a local run; {@code 0.0.0.0} when other containers call it
     * @param port          0 for any free port
     * @param throttleEvery every n-th request to a provider is answered 429; 0 never
     */
    public CarrierSandbox(DemoScenario scenario, String bindAddress, int port, int throttleEvery) throws IOException {
        this.scenario = scenario;
        this.throttleEvery = throttleEvery;
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 50);
        server.setExecutor(executor);
        server.createContext("/shiplemon/", this::shiplemon);
        server.createContext("/salesive/", this::salesive);
        server.createContext("/courier-sync/", this::courierSync);
        server.start();
    }

    public String baseUrl(String provider) {
        return "http://127.0.0.1:" + port() + "/" + provider;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests served (throttled ones included) over every provider. */
    public long requests() {
        return requests.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Requests answered 429 over every provider. */
    public long throttled() {
        return throttled.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long requests(String provider) {
        return requests.getOrDefault(provider, new AtomicLong()).get();
    }

    public long throttled(String provider) {
        return throttled.getOrDefault(provider, new AtomicLong()).get();
    }

    /** Every authenticated request so far (throttled ones included), oldest first. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void shiplemon(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        // /shiplemon/public/v1/shipments/{id}/tracking
        if (!"GET".equals(exchange.getRequestMethod()) || path.length != 7 || !"tracking".equals(path[6])) {
            send(exchange, 404, Map.of("status", "error", "message", "Not found"));
            return;
        }
        if (!SHIPLEMON_API_KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
            send(exchange, 401, Map.of("status", "error", "message", "Invalid API key"));
            return;
        }
        calls.add(new Call("shiplemon", path[5], Instant.now()));
        if (throttle(exchange, "shiplemon", Map.of("status", "error", "message", "Too many requests"))) {
            return;
        }
        Optional<DemoShipment> shipment = scenario.byProviderReference("shiplemon", path[5]);
        if (shipment.isEmpty()) {
            send(exchange, 404, Map.of("status", "error", "message", "Shipment not found"));
            return;
        }
        DemoShipment s = shipment.get();
        DemoShipment.DemoParcel parcel = s.parcels().get(0);
        List<ScriptStep> steps = new ArrayList<>(scenario.visibleSteps(parcel));
        steps.sort(Comparator.comparing(scenario::eventTime).reversed());
        List<Map<String, Object>> history = new ArrayList<>();
        for (ScriptStep step : steps) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", step.code());
            entry.put("status_exact", step.substatus());
            entry.put("status_date", iso(scenario.eventTime(step)));
            entry.put("status_details", step.text());
            history.add(entry);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("partner_id", "trackstream-demo");
        data.put("driver", s.carrier());
        data.put("carrier", Map.of("code", s.carrier(), "name", s.carrierName(), "image", "https://static.shiplemon.com/providers/eltacourier.svg"));
        data.put("service", Map.of("code", "elta_courier_porta_porta", "name", "Porta-Porta", "estimated_delivery_in_days", 3));
        data.put("tracking_status", history.isEmpty() ? "PRE_TRANSIT" : latest(steps).code());
        data.put("tracking_history", history);
        data.put("tracking_ref", parcel.trackingNumber());
        data.put("tracking_url", "https://www.elta-courier.gr/search?br=" + parcel.trackingNumber());
        data.put("label_url", "https://static.shiplemon.com/labels/elta/" + parcel.trackingNumber() + ".pdf");
        data.put("child_vouchers", List.of());
        data.put("country_from", "GR");
        data.put("country_to", "GR");
        send(exchange, 200, Map.of("status", "ok", "data", data));
    }

    private void salesive(HttpExchange exchange) throws IOException {
        // /salesive/shipping/shipments/sync?orderId=
        if (!"GET".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().equals("/salesive/shipping/shipments/sync")) {
            send(exchange, 404, envelope(404, false, "Not found", null));
            return;
        }
        if (!("Bearer " + SALESIVE_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, envelope(401, false, "Authentication required", null));
            return;
        }
        String orderId = query(exchange.getRequestURI(), "orderId");
        calls.add(new Call("salesive", orderId, Instant.now()));
        if (throttle(exchange, "salesive", envelope(429, false, "Too many requests", null))) {
            return;
        }
        Optional<DemoShipment> shipment = orderId == null ? Optional.empty() : scenario.byProviderReference("salesive", orderId);
        if (shipment.isEmpty()) {
            send(exchange, 404, envelope(404, false, "Shipment not found", null));
            return;
        }
        DemoShipment s = shipment.get();
        DemoShipment.DemoParcel parcel = s.parcels().get(0);
        ScriptStep current = latest(scenario.visibleSteps(parcel));
        String url = "https://track.example.com/" + parcel.trackingNumber();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("_id", String.format("%024x", s.shipmentId().hashCode() & 0x7fffffffL));
        data.put("orders", List.of(s.orderId()));
        data.put("carrier", s.carrierName());
        data.put("trackingNumber", parcel.trackingNumber());
        data.put("trackingUrl", url);
        data.put("status", current.code());
        data.put("metadata", Map.of("label_details", Map.of("order_id", parcel.trackingNumber(), "status", current.code(), "tracking_url", url)));
        data.put("createdAt", iso(scenario.start()));
        data.put("updatedAt", iso(scenario.eventTime(current)));
        send(exchange, 200, envelope(200, true, "Sync a shipment's status from the carrier", data));
    }

    private void courierSync(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        // /courier-sync/shipments/{id}/sync
        if (!"POST".equals(exchange.getRequestMethod()) || path.length != 5 || !"sync".equals(path[4])) {
            send(exchange, 404, error("[entity] not found", "not_found_error"));
            return;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((COURIER_SYNC_USER + ":" + COURIER_SYNC_PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, error("Invalid merchant credentials", "authentication_error"));
            return;
        }
        calls.add(new Call("courier-sync", path[3], Instant.now()));
        if (throttle(exchange, "courier-sync", error("Too many requests", "rate_limit_error"))) {
            return;
        }
        Optional<DemoShipment> shipment = scenario.byProviderReference("courier-sync", path[3]);
        if (shipment.isEmpty()) {
            send(exchange, 404, error("Shipment not found", "not_found_error"));
            return;
        }
        DemoShipment s = shipment.get();
        DemoShipment.DemoParcel parcel = s.parcels().get(0);
        ScriptStep current = latest(scenario.visibleSteps(parcel));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", s.providerReference());
        body.put("merchant_invoice_id", "inv_" + s.shipmentId());
        body.put("fulfillment_method", "shipping_provider");
        body.put("shipment_tracking_number", parcel.trackingNumber());
        body.put("shipment_courier", s.carrier());
        body.put("verification_status", "verified");
        body.put("created_at", iso(scenario.start()));
        body.put("updated_at", iso(scenario.eventTime(current)));
        body.put("tracking_status", current.code());
        body.put("tracking_substatus", current.substatus());
        body.put("expected_delivery", iso(scenario.start().plus(4, ChronoUnit.HOURS)));
        send(exchange, 200, body);
    }

    private boolean throttle(HttpExchange exchange, String provider, Object body) throws IOException {
        long n = requests.computeIfAbsent(provider, p -> new AtomicLong()).incrementAndGet();
        if (throttleEvery > 0 && n % throttleEvery == 0) {
            throttled.computeIfAbsent(provider, p -> new AtomicLong()).incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(exchange, 429, body);
            return true;
        }
        return false;
    }

    private ScriptStep latest(List<ScriptStep> steps) {
        return steps.stream().max(Comparator.comparing(ScriptStep::at)).orElseThrow();
    }

    private static Map<String, Object> envelope(int status, boolean success, String message, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", status);
        envelope.put("success", success);
        envelope.put("message", message);
        envelope.put("data", data);
        return envelope;
    }

    private static Map<String, Object> error(String message, String type) {
        return Map.of("error", Map.of("message", message, "type", type));
    }

    private static String query(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
