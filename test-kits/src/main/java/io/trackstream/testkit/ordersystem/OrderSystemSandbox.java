package io.trackstream.testkit.ordersystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.node.ObjectNode;

/**
 * Small, in-memory order systems behaving as the two seeds document them, for the local run and the tests: the
 * Carriyo-style {@code POST /orders/shipment-status-update} and the shop-platform style
 * {@code PUT /v1/Orders/{orderId}/Shipments}, on one plain JDK HTTP server (no Spring, so any module can start it).
 * Carriyo calls need a bearer token from the sandbox's OAuth2 token endpoint ({@code POST /oauth/token}, client
 * credentials). Both honour {@code Idempotency-Key}: a repeated key gets the first answer that applied the request
 * again and applies nothing, which is what makes "closed once in effect" observable
 * ({@link CarriyoOrder#timesClosed()}); an answer that applied nothing is not kept, so a fixed cause is processed.
 * Faults can be injected into the next calls ({@link #failNext}, {@link #delayNext}), and everything received is kept
 * ({@link #received()}).
 *
 * <p>Admin endpoints for a local run: {@code GET /sandbox/summary}; {@code POST /sandbox/carriyo/orders}
 * {@code {"tenant_id","partner_order_reference","sales_channel"}}; {@code POST /sandbox/shop/orders}
 * {@code {"order_id"}}; {@code POST /sandbox/faults} {@code {"api":"carriyo|shop","count":3,"status":503}} or
 * {@code {"api","count","delay_ms"}}; {@code DELETE /sandbox/faults}.
 */
public final class OrderSystemSandbox implements AutoCloseable {

    private static final Pattern SHOP_PATH = Pattern.compile("^/v1/Orders/([^/]+)/Shipments/?$", Pattern.CASE_INSENSITIVE);
    private static final String CARRIYO_PATH = "/orders/shipment-status-update";
    /** Carriyo's OAuth2 token endpoint (client credentials). */
    public static final String CARRIYO_TOKEN_PATH = "/oauth/token";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService delayedAnswers;
    private final CarriyoOrderBook carriyo = new CarriyoOrderBook(Clock.systemUTC());
    private final ShopOrderBook shop = new ShopOrderBook();
    private final IdempotencyStore idempotency = new IdempotencyStore();
    private final CarriyoTokenIssuer carriyoTokens = new CarriyoTokenIssuer(Clock.systemUTC());
    private final FaultPlan faults = new FaultPlan();
    private final List<ReceivedCall> received = new ArrayList<>();
    private final Map<String, String> carriyoApiKeys = new ConcurrentHashMap<>();
    private volatile String shopAuthorization;

    private OrderSystemSandbox(HttpServer server) {
        this.server = server;
        this.workers = Executors.newFixedThreadPool(8, daemon("sandbox-http"));
        this.delayedAnswers = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-delay"));
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /** Starts the sandbox on {@code port} of the loopback interface; 0 picks a free port. */
    public static OrderSystemSandbox start(int port) {
        return start("127.0.0.1", port);
    }

    /**
     * Starts the sandbox on {@code port} of {@code bindAddress}: {@code 0.0.0.0} when other containers must reach it
     * (the local stack's docker-compose service); 0 picks a free port.
     */
    public static OrderSystemSandbox start(String bindAddress, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 50);
            OrderSystemSandbox sandbox = new OrderSystemSandbox(server);
            server.start();
            return sandbox;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the order system sandbox on port " + port, e);
        }
    }

    /** {@code java -cp ... io.trackstream.testkit.ordersystem.OrderSystemSandbox [port]}: runs until stopped. */
    public static void main(String[] args) {
        OrderSystemSandbox sandbox = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("Order system sandbox listening on " + sandbox.baseUrl());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** From now on, Carriyo calls of {@code tenantId} must carry this {@code x-api-key} (else 401). */
    public void expectCarriyoApiKey(String tenantId, String apiKey) {
        carriyoApiKeys.put(tenantId, apiKey);
    }

    /**
     * From now on only registered OAuth2 clients get tokens at {@link #carriyoTokenUri()}, and a token works for its
     * tenant only; without any, every client id and secret get one (valid for any tenant).
     */
    public void expectCarriyoClient(String tenantId, String clientId, String clientSecret) {
        carriyoTokens.register(tenantId, clientId, clientSecret);
    }

    /** The token endpoint Carriyo callers fetch their bearer token from. */
    public String carriyoTokenUri() {
        return baseUrl() + CARRIYO_TOKEN_PATH;
    }

    /** How long the tokens issued from now on are valid ({@code expires_in}); 1 hour unless told. */
    public void carriyoTokenLifetime(Duration lifetime) {
        carriyoTokens.lifetime(lifetime);
    }

    /** Every token issued so far is refused from now on (401), as after a key rotation. */
    public void revokeCarriyoTokens() {
        carriyoTokens.revokeAll();
    }

    /** How many tokens the token endpoint has issued. */
    public int carriyoTokensIssued() {
        return carriyoTokens.issued();
    }

    /** From now on, shop calls must carry this {@code Authorization} header (else 401). */
    public void expectShopAuthorization(String authorization) {
        this.shopAuthorization = authorization;
    }

    public CarriyoOrder addCarriyoOrder(String tenantId, String partnerOrderReference, String salesChannel) {
        return carriyo.add(tenantId, partnerOrderReference, salesChannel);
    }

    /** As the calls left it; a call's effect and its entry in {@link #received()} are seen together. */
    public Optional<CarriyoOrder> carriyoOrder(String tenantId, String partnerOrderReference) {
        synchronized (idempotency) {
            return carriyo.find(tenantId, partnerOrderReference);
        }
    }

    /** How many times the order was auto-closed: 1 is "closed once in effect". */
    public int timesClosed(String tenantId, String partnerOrderReference) {
        return carriyoOrder(tenantId, partnerOrderReference).map(CarriyoOrder::timesClosed).orElse(0);
    }

    public void addShopOrder(long orderId) {
        shop.add(orderId);
    }

    /** The shipment updates applied to a shop order, oldest first; seen together with their calls' entries. */
    public List<ShopShipmentUpdate> shopUpdates(long orderId) {
        synchronized (idempotency) {
            return shop.updates(orderId);
        }
    }

    /** The next {@code count} calls of {@code api} are answered {@code status} without being processed. */
    public void failNext(SandboxApi api, int count, int status) {
        faults.add(api, count, new FaultPlan.Fail(status));
    }

    /** The next {@code count} calls of {@code api} are processed, and answered only after {@code delay}. */
    public void delayNext(SandboxApi api, int count, Duration delay) {
        faults.add(api, count, new FaultPlan.Delay(delay));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Every request received so far, oldest first. */
    public List<ReceivedCall> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The requests that carried {@code idempotencyKey}. */
    public List<ReceivedCall> received(String idempotencyKey) {
        return received().stream().filter(c -> idempotencyKey.equals(c.idempotencyKey())).toList();
    }

    public SandboxSummary summary() {
        List<ReceivedCall> calls = received();
        return new SandboxSummary(
                calls.size(),
                calls.stream().collect(Collectors.groupingBy(c -> c.api().name().toLowerCase(Locale.ROOT) + " " + c.status(),
                        TreeMap::new, Collectors.counting())),
                (int) calls.stream().filter(ReceivedCall::replayed).count(),
                carriyoTokens.issued(),
                carriyo.all(),
                shop.appliedByOrder());
    }

    @Override
    public void close() {
        server.stop(0);
        delayedAnswers.shutdownNow();
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        Answer answer;
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String body = readBody(exchange);
            Matcher shopPath = SHOP_PATH.matcher(path);
            if (path.equals(CARRIYO_TOKEN_PATH) && method.equals("POST")) {
                answer = Answer.now(carriyoTokens.token(exchange.getRequestHeaders().getFirst("Authorization"), body));
            } else if (path.equals(CARRIYO_PATH) && method.equals("POST")) {
                answer = serve(exchange, SandboxApi.CARRIYO, body, this::carriyoCaller, caller -> carriyo.update(caller, body));
            } else if (shopPath.matches() && method.equals("PUT")) {
                String orderId = shopPath.group(1);
                answer = serve(exchange, SandboxApi.SHOP, body, this::shopCaller, caller -> shop.put(orderId, body));
            } else if (path.startsWith("/sandbox/")) {
                answer = Answer.now(admin(method, path, body));
            } else {
                answer = Answer.now(SandboxJson.error(404, "not_found", method + " " + path + " is not an endpoint of the sandbox"));
            }
        } catch (IOException | RuntimeException e) {
            answer = Answer.now(SandboxJson.error(500, "sandbox_error", String.valueOf(e.getMessage())));
        }
        if (answer.delay() == null) {
            sendAndClose(exchange, answer.response());
        } else {
            Answer later = answer;
            delayedAnswers.schedule(() -> sendAndClose(exchange, later.response()), later.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** An answer to send now, or after a delay (an injected slow answer). */
    private record Answer(SandboxResponse response, Duration delay) {
        static Answer now(SandboxResponse response) {
            return new Answer(response, null);
        }
    }

    /**
     * Fault injection, then authentication, then idempotency, then the order book. {@code caller} returns who is
     * calling (tenant id, authorization) or null when the credentials are missing or wrong.
     */
    private Answer serve(HttpExchange exchange, SandboxApi api, String body, Function<HttpExchange, String> caller,
            Function<String, SandboxResponse> apply) {
        String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Optional<FaultPlan.Fault> fault = faults.take(api);
        if (fault.isPresent() && fault.get() instanceof FaultPlan.Fail fail) {
            if (fail.status() == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            record(api, method, path, key, body, fail.status(), false, true);
            return Answer.now(SandboxJson.error(fail.status(), "injected_fault", "Fault injected by the sandbox"));
        }
        String who = caller.apply(exchange);
        if (who == null) {
            record(api, method, path, key, body, 401, false, false);
            return Answer.now(SandboxJson.error(401, "authentication_required", "Missing or wrong credentials"));
        }
        SandboxResponse response;
        boolean replayed;
        // the call is recorded in the same critical section as its effect, which the readers above also take, so a
        // test that sees the order closed also sees the call that closed it
        synchronized (idempotency) {
            Optional<SandboxResponse> earlier = idempotency.find(api, who, key);
            replayed = earlier.isPresent();
            response = earlier.orElseGet(() -> apply.apply(who));
            idempotency.rememberIfApplied(api, who, key, response);
            record(api, method, path, key, body, response.status(), replayed, false);
        }
        if (fault.isPresent() && fault.get() instanceof FaultPlan.Delay delay) {
            return new Answer(response, delay.delay());
        }
        return Answer.now(response);
    }

    private String carriyoCaller(HttpExchange exchange) {
        String apiKey = exchange.getRequestHeaders().getFirst("x-api-key");
        String tenantId = exchange.getRequestHeaders().getFirst("tenant-id");
        if (blank(apiKey) || blank(tenantId)) {
            return null;
        }
        String expected = carriyoApiKeys.get(tenantId);
        boolean keyAccepted = expected == null || expected.equals(apiKey);
        return keyAccepted && carriyoTokens.accepts(exchange.getRequestHeaders().getFirst("Authorization"), tenantId)
                ? tenantId : null;
    }

    private String shopCaller(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (blank(authorization)) {
            return null;
        }
        String expected = shopAuthorization;
        return expected == null || expected.equals(authorization) ? authorization : null;
    }

    private SandboxResponse admin(String method, String path, String body) {
        ObjectNode json = SandboxJson.object(body);
        switch (method + " " + path) {
            case "GET /sandbox/summary" -> {
                return new SandboxResponse(200, SandboxJson.write(summary()));
            }
            case "POST /sandbox/carriyo/orders" -> {
                String tenantId = SandboxJson.text(json, "tenant_id");
                String reference = SandboxJson.text(json, "partner_order_reference");
                if (tenantId == null || reference == null) {
                    return new SandboxJson.InvalidField("tenant_id/partner_order_reference", "are required").response();
                }
                return new SandboxResponse(201, SandboxJson.write(
                        addCarriyoOrder(tenantId, reference, SandboxJson.text(json, "sales_channel"))));
            }
            case "POST /sandbox/shop/orders" -> {
                if (json == null || SandboxJson.at(json, "order_id") == null || !json.get("order_id").isIntegralNumber()) {
                    return new SandboxJson.InvalidField("order_id", "is required (integer)").response();
                }
                addShopOrder(json.get("order_id").asLong());
                return SandboxResponse.empty(201);
            }
            case "POST /sandbox/faults" -> {
                return injectFault(json);
            }
            case "DELETE /sandbox/faults" -> {
                clearFaults();
                return SandboxResponse.empty(204);
            }
            default -> {
                return SandboxJson.error(404, "not_found", method + " " + path + " is not an endpoint of the sandbox");
            }
        }
    }

    private SandboxResponse injectFault(ObjectNode json) {
        if (json == null) {
            return new SandboxJson.InvalidField("body", "must be a JSON object").response();
        }
        String apiName = SandboxJson.text(json, "api");
        SandboxApi api;
        try {
            api = SandboxApi.valueOf(apiName == null ? "" : apiName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new SandboxJson.InvalidField("api", "must be carriyo or shop").response();
        }
        int count = json.has("count") ? json.get("count").asInt() : 1;
        if (json.has("status")) {
            failNext(api, count, json.get("status").asInt());
        } else if (json.has("delay_ms")) {
            delayNext(api, count, Duration.ofMillis(json.get("delay_ms").asLong()));
        } else {
            return new SandboxJson.InvalidField("status/delay_ms", "one is required").response();
        }
        return SandboxResponse.empty(204);
    }

    private void record(SandboxApi api, String method, String path, String key, String body, int status,
            boolean replayed, boolean injectedFault) {
        synchronized (received) {
            received.add(new ReceivedCall(Instant.now(), api, method, path, key, body, status, replayed, injectedFault));
        }
    }

    private static void sendAndClose(HttpExchange exchange, SandboxResponse response) {
        try (exchange) {
            send(exchange, response);
        } catch (IOException e) {
            // The client stopped waiting (a delayed answer after its timeout): the answer is lost, as simulated.
        }
    }

    private static void send(HttpExchange exchange, SandboxResponse response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        }
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

}
