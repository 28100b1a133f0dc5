package io.trackstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load client of (c), run as its own JVM: N connections send signed Shiplemon webhooks (three history entries
 * each, a new tracking number every time) to webhook-ingest, back to back or at a fixed total rate, for a warm-up and
 * then a measured window. Latency is per request from its send (or, at a fixed rate, from when it was due, so a
 * stalled server is not hidden) to the whole answer. Writes a summary and the tracking numbers of every request
 * answered 202, which the benchmark then looks for in tracking.raw.v1.
 * Arguments: port connections warmupSeconds measureSeconds rate summaryFile acceptedFile.
 */
final class IngestLoadClient {

    static final int EVENTS_PER_WEBHOOK = 3;

    private IngestLoadClient() {
    }

    static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        long warmup = Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        long measure = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        int rate = Integer.parseInt(args[4]);
        Path summaryFile = Path.of(args[5]);
        Path acceptedFile = Path.of(args[6]);

        Instant eventsStart = Instant.now().minus(Duration.ofHours(2));
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        Latencies measured = new Latencies();
        AtomicLong measuredRequests = new AtomicLong();
        List<List<String>> accepted = new ArrayList<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup;
        long end = measureFrom + measure;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            List<String> mine = new ArrayList<>();
            accepted.add(mine);
            Thread t = new Thread(() -> {
                ShiplemonWebhooks webhooks = new ShiplemonWebhooks(Apps.WEBHOOK_SECRET);
                Latencies lat = new Latencies();
                long interval = rate > 0 ? (long) (1e9 * connections / rate) : 0;
                long due = start + (rate > 0 ? (long) (1e9 * conn / rate) : 0);
                try (HttpConnection http = new HttpConnection("127.0.0.1", port)) {
                    for (int seq = 0; ; seq++) {
                        if (rate > 0) {
                            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        long sent = rate > 0 ? due : System.nanoTime();
                        if (sent >= end) {
                            break;
                        }
                        String ref = String.format("LD%03d%07dGR", conn, seq);
                        byte[] body = ShiplemonWebhooks.body(ref, EVENTS_PER_WEBHOOK, eventsStart);
                        int status;
                        try {
                            status = http.post(ShiplemonWebhooks.PATH, body, webhooks.headers(body));
                        } catch (IOException e) {
                            status = -1;
                        }
                        long done = System.nanoTime();
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        if (status == 202) {
                            mine.add(ref);
                        }
                        if (sent >= measureFrom) {
                            lat.add(done - sent);
                            measuredRequests.incrementAndGet();
                        }
                        due += interval;
                    }
                }
                measured.addAll(lat);
            }, "load-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        long measuredNanos = Math.min(System.nanoTime(), end) - measureFrom;
        Properties summary = new Properties();
        summary.setProperty("requests.measured", Long.toString(measuredRequests.get()));
        summary.setProperty("seconds.measured", Double.toString(measuredNanos / 1e9));
        summary.setProperty("latency", measured.describe());
        summary.setProperty("p50", Double.toString(measured.percentileMs(50)));
        summary.setProperty("p99", Double.toString(measured.percentileMs(99)));
        summary.setProperty("statuses", new TreeMap<>(statuses).toString());
        summary.setProperty("accepted", Long.toString(accepted.stream().mapToLong(List::size).sum()));
        try (var out = Files.newBufferedWriter(summaryFile)) {
            summary.store(out, "ingest load client");
        }
        List<String> all = new ArrayList<>();
        accepted.forEach(all::addAll);
        Files.write(acceptedFile, all, StandardCharsets.US_ASCII);
    }
}
