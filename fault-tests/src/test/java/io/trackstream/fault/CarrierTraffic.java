package io.trackstream.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import io.trackstream.carriers.webhook.WebhookSigner;
import io.trackstream.testkit.carrier.DemoShipment;
import io.trackstream.testkit.carrier.ShipmentRegistrar;

/**
 * What carriers and the commerce system send webhook-ingest during a fault scenario: shipment registrations, then
 * Shiplemon tracking webhooks (the seed's shape and Greek texts), each carrying the parcel's whole history so far, as
 * Shiplemon does, and each delivered {@code copies} times (carriers retry). A 503 or a refused connection is retried
 * after a short back-off, as a carrier retries an unacknowledged webhook; every other answer is final and counted.
 * With several webhook-ingest instances, each request (each retry too) goes to the next one in turn, as a load
 * balancer sends it.
 */
final class CarrierTraffic {

    /** Step k of a parcel's life adds one event: INFO_RECEIVED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED. */
    static final int STEPS = 4;
    private static final String[][] LIFE = {
            {"PRE_TRANSIT", null, "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ"},
            {"TRANSIT", null, "ΠΑΡΑΛΑΒΗ ΑΠΟ ΚΑΤΑΣΤΗΜΑ"},
            {"TRANSIT", "WITH_COURIER", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ"},
            {"DELIVERED", null, "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"}};

    private final List<String> ingestUrls;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    /** Final answers (not 503, not refused) by the instance that gave them. */
    final Map<String, AtomicInteger> settledBy = new ConcurrentHashMap<>();

    CarrierTraffic(String... ingestUrls) {
        this.ingestUrls = List.of(ingestUrls);
    }

    /** The next webhook-ingest instance in turn. */
    private String ingestUrl() {
        return ingestUrls.get(Math.floorMod(next.getAndIncrement(), ingestUrls.size()));
    }

    record Parcel(String shipmentId, String orderReference, String trackingNumber) {
        String parcelKey() {
            return "elta:" + trackingNumber;
        }
    }

    static List<Parcel> parcels(String scenario, int count) {
        List<Parcel> parcels = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            parcels.add(new Parcel("fault-" + scenario + "-" + i, "ORD-" + scenario.toUpperCase() + "-" + i,
                    String.format("ZU%s%05dGR", scenario.substring(0, 2).toUpperCase(), i)));
        }
        return parcels;
    }

    void register(Parcel parcel) {
        String body = """
                {"shipmentId": "%s", "orderId": "%s", "partnerOrderReference": "%s", "salesChannel": "web",
                 "carrier": "elta", "carrierName": "ELTA Courier", "provider": "shiplemon", "polled": false,
                 "parcels": [{"trackingNumber": "%s"}]}""".formatted(parcel.shipmentId(), "order-" + parcel.shipmentId(),
                parcel.orderReference(), parcel.trackingNumber());
        registerBody(parcel.shipmentId(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A polled shipment of the carrier sandboxes' scenario, registered as the local demo registers it. */
    void registerPolled(DemoShipment shipment) {
        registerBody(shipment.shipmentId(), ShipmentRegistrar.body(shipment));
    }

    private void registerBody(String shipmentId, byte[] body) {
        int status = sendUntilSettled("/shipments", request -> request.header("Authorization", "Bearer " + FaultStack.INGEST_TOKEN), body, false);
        if (status != 202) {
            throw new IllegalStateException("Registration of " + shipmentId + " answered " + status);
        }
    }

    /**
     * Every parcel through every step, each webhook {@code copies} times, at about {@code perSecond} webhooks a second
     * from {@code threads} senders (pacing only: nothing waits on the system under test).
     */
    void deliverAll(List<Parcel> parcels, int copies, double perSecond, int threads, Instant start) throws Exception {
        List<Runnable> sends = new ArrayList<>();
        for (int step = 1; step <= STEPS; step++) {
            for (Parcel parcel : parcels) {
                byte[] body = shiplemonBody(parcel, step, start);
                for (int c = 0; c < copies; c++) {
                    sends.add(() -> sendWebhook(body));
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long interval = (long) (1e9 / perSecond);
            long next = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable send : sends) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                futures.add(pool.submit(send));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    void sendWebhook(byte[] body) {
        sendUntilSettled("/webhooks/shiplemon", request -> request, body, true);
    }

    /** One request as-is (no retry), for bad input: the status code. */
    int sendOnce(String path, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingestUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        return status;
    }

    static Map<String, String> signature(byte[] body, String secret) {
        long now = Instant.now().getEpochSecond();
        return Map.of(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now), WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, now, body));
    }

    private int sendUntilSettled(String path, UnaryOperator<HttpRequest.Builder> headers, byte[] body, boolean signed) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            String instance = ingestUrl();
            HttpRequest.Builder request = headers.apply(HttpRequest.newBuilder(URI.create(instance + path))).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (signed) {
                signature(body, FaultStack.SHIPLEMON_SECRET).forEach(request::header);
            }
            int status;
            try {
                status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1; // connection refused or reset: not acknowledged, so send again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status != 503 && status != -1) {
                sent.incrementAndGet();
                settledBy.computeIfAbsent(instance, i -> new AtomicInteger()).incrementAndGet();
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not acknowledged within 3 minutes (last answer " + status + ")");
            }
            retried.incrementAndGet();
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos()); // a carrier's retry back-off
        }
    }

    int count(int status) {
        AtomicInteger n = answers.get(status);
        return n == null ? 0 : n.get();
    }

    /** The whole tracking history after {@code steps} steps, newest first, as Shiplemon lists it. */
    static byte[] shiplemonBody(Parcel parcel, int steps, Instant start) {
        StringBuilder history = new StringBuilder();
        for (int i = steps - 1; i >= 0; i--) {
            String[] e = LIFE[i];
            history.append("{\"status\":\"").append(e[0]).append("\",\"status_exact\":")
                    .append(e[1] == null ? "null" : "\"" + e[1] + "\"")
                    .append(",\"status_date\":\"").append(start.plusSeconds(600L * i)).append("\",\"status_details\":\"")
                    .append(e[2]).append("\"}").append(i > 0 ? "," : "");
        }
        String json = "{\"status\":\"ok\",\"data\":{\"id\":\"sl-" + parcel.trackingNumber() + "\",\"driver\":\"elta\","
                + "\"carrier\":{\"code\":\"elta\",\"name\":\"ELTA Courier\"},\"tracking_status\":\"" + LIFE[steps - 1][0] + "\","
                + "\"tracking_history\":[" + history + "],\"tracking_ref\":\"" + parcel.trackingNumber() + "\","
                + "\"tracking_url\":\"https://www.elta-courier.gr/search?br=" + parcel.trackingNumber() + "\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
