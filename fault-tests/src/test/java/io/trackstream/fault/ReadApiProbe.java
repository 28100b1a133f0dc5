package io.trackstream.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trackstream.testkit.stack.AppProcess;

/**
 * Asks every running processor instance for the scenario's shipments, in turn, for as long as it runs: each instance
 * holds about a third of the keys, so most questions are forwarded to the owner. A right answer is 200 with the asked
 * shipment (its id and order), 404 for one no instance has shown yet (registered, not yet processed), or 503 with
 * {@code Retry-After} (state moving or restoring, owner unreachable). Anything else is wrong: a 404 for a shipment
 * already shown, another shipment's data, a 5xx other than 503, a 503 without {@code Retry-After}. No answer at all
 * (the instance was killed or is starting) is counted apart, not judged.
 */
final class ReadApiProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** About ten questions a second over all instances: enough to see every phase, little for two cores. */
    private static final Duration PACE = Duration.ofMillis(100);

    private final Supplier<List<AppProcess>> instances;
    private final List<String> shipmentIds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> shown = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> highestVersion = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> okBy = new ConcurrentHashMap<>();
    final AtomicInteger notYet = new AtomicInteger();
    final AtomicInteger unavailable = new AtomicInteger();
    final AtomicInteger noAnswer = new AtomicInteger();
    /** 200s older than an answer seen before: IQ reads a store's uncommitted writes, which a kill may abort. */
    final AtomicInteger olderVersions = new AtomicInteger();
    final List<String> wrong = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ReadApiProbe(Supplier<List<AppProcess>> instances, List<String> shipmentIds) {
        this.instances = instances;
        this.shipmentIds = List.copyOf(shipmentIds);
        this.thread = new Thread(this::run, "read-api-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int n = 0;
        while (running) {
            for (AppProcess instance : instances.get()) {
                if (instance.alive()) {
                    ask(instance, shipmentIds.get(Math.floorMod(n++, shipmentIds.size())));
                }
                LockSupport.parkNanos(PACE.toNanos()); // pacing only
            }
        }
    }

    private void ask(AppProcess instance, String id) {
        HttpResponse<String> answer;
        try {
            answer = http.send(request(instance, id), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            noAnswer.incrementAndGet();
            return;
        } catch (IOException e) {
            noAnswer.incrementAndGet(); // killed, or not listening yet
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return;
        }
        String verdict = judge(id, answer);
        if (verdict != null) {
            wrong.add(Instant.now() + " " + instance.name() + " GET " + id + ": " + verdict);
        } else if (answer.statusCode() == 200) {
            okBy.computeIfAbsent(instance.name(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Why the answer is wrong, or null when it is right. */
    private String judge(String id, HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status == 503) {
            if (answer.headers().firstValue("Retry-After").isEmpty()) {
                return "503 without Retry-After: " + answer.body();
            }
            unavailable.incrementAndGet();
            return null;
        }
        if (status == 404) {
            if (shown.contains(id)) {
                return "404 for a shipment shown before: " + answer.body();
            }
            notYet.incrementAndGet();
            return null;
        }
        if (status != 200) {
            return status + ": " + answer.body();
        }
        JsonNode data;
        try {
            data = JSON.readTree(answer.body()).path("data");
        } catch (IOException e) {
            return "200 with a body that is no JSON: " + answer.body();
        }
        if (!id.equals(data.path("id").asText()) || !("order-" + id).equals(data.path("orderId").asText())) {
            return "200 with another shipment: " + answer.body();
        }
        shown.add(id);
        long version = data.path("version").asLong();
        if (highestVersion.merge(id, version, Math::max) > version) {
            olderVersions.incrementAndGet();
        }
        return null;
    }

    /** One shipment from one instance, now: its status, or the HTTP status when it is not a 200. */
    static String status(AppProcess instance, String id) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request(instance, id), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return "HTTP " + answer.statusCode();
        }
        JsonNode data = JSON.readTree(answer.body()).path("data");
        return id.equals(data.path("id").asText()) ? data.path("status").asText() : "another shipment: " + data.path("id").asText();
    }

    private static HttpRequest request(AppProcess instance, String id) {
        return HttpRequest.newBuilder(URI.create(instance.url("/v1/shipments/" + id))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + FaultStack.READ_TOKEN).GET().build();
    }

    int ok() {
        return okBy.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "%d answered 200 (by instance %s), %d 404 before first processed, %d 503 with Retry-After, %d unanswered (instance down or starting), %d wrong, %d older than an answer seen before"
                .formatted(ok(), new java.util.TreeMap<>(okBy), notYet.get(), unavailable.get(), noAnswer.get(), wrong.size(), olderVersions.get());
    }
}
