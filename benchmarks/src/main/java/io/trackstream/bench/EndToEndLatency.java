package io.trackstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * (b) End-to-end latency: signed Shiplemon webhooks are offered to webhook-ingest (its own JVM) at a fixed rate of
 * raw events per second; the processor (its own JVM) turns each into a shipment status change. Latency is from the
 * moment the 202 arrives here (the events are durable in Kafka) to the moment the status change is readable by a
 * read_committed consumer of shipments.status-changes.v1 here (same JVM, same clock). Each webhook carries the
 * parcel's whole history so far, as Shiplemon sends it, and adds one status-changing event; a shipment's steps are
 * at least half a second apart, so no two are applied in the same flush.
 * <p>
 * The warm-up is the same load on shipments of its own, followed by a wait until the processor has applied all of
 * it: the measured window starts on warm JVMs with no backlog (on two cores a cold processor falls tens of seconds
 * behind while it is compiled, and a warm-up that shares the schedule hands that backlog to the measurement).
 */
final class EndToEndLatency {

    private static final String STATUS_CHANGES = TopicNames.defaults().statusChanges();
    private static final String REGISTRATIONS = TopicNames.defaults().registrations();
    private static final int CONNECTIONS = 16;

    private EndToEndLatency() {
    }

    /** One webhook of the schedule: shipment number, step (1..4), and when to send it (ns after the start). */
    record Planned(int shipment, int step, long dueNanos) {
        String trackingRef() {
            return String.format("E2E%09dGR", shipment);
        }

        String changeKey() {
            return "e2e-" + shipment + ":" + ShiplemonWebhooks.STATUS_AFTER_STEP[step - 1];
        }
    }

    static void run(BenchOptions options, Report report) throws Exception {
        report.section("(b) end-to-end latency: webhook accepted -> status change, at a fixed rate");
        List<Planned> warmPlan = plan(options.rate(), options.warmupSeconds(), 0);
        int warmShipments = shipmentsIn(warmPlan);
        List<Planned> plan = plan(options.rate(), options.latencySeconds(), warmShipments);
        int shipments = shipmentsIn(plan);
        try (BenchStack stack = BenchStack.start(options, 'b');
             AppProcess ingest = Apps.ingest(stack, options, options.port('b', 10)).start();
             AppProcess processor = Apps.processor(stack, options, options.port('b', 11), stack.dir.resolve("state-processor"), List.of()).start();
             ChangeWatcher changes = new ChangeWatcher(stack)) {
            register(stack, shipments);
            Apps.awaitHealthy(ingest, processor);
            awaitChanges(changes, shipments, Duration.ofMinutes(5), "create the " + shipments + " shipments"); // PENDING each

            report.info("%s", warmUp(ingest, changes, warmPlan, shipments));
            report.info("measured: %,d webhooks (%,d raw events) on %,d shipments over %d s, %d connections",
                    plan.size(), events(plan), shipments - warmShipments, options.latencySeconds(), CONNECTIONS);

            Window window = measure(ingest, changes, plan);
            window.bySlice().forEach((slice, l) -> report.info("  e2e in seconds %3d-%3d: p50 %.0f ms, p99 %.0f ms (n=%d)", slice * 5, slice * 5 + 5,
                    l.percentileMs(50), l.percentileMs(99), l.count()));
            report.info("sent in %d s; latest send %.1f ms behind schedule; %d webhooks refused", window.sendSeconds(),
                    window.maxLateNanos() / 1e6, window.refused());
            Latencies e2e = window.e2e();
            int measured = e2e.count();
            int missing = window.missing();
            Latencies toApplied = window.toApplied();
            Latencies toReadable = window.toReadable();
            Latencies ingestLatency = window.ingest();
            report.info("processor's stream threads at the end: %s", Apps.commitMetrics(processor));
            report.figure("(b) offered %,d raw events/s (%,.0f webhooks/s) for %d s after a %d s warm-up; %,d status changes measured, %d never seen (two steps applied in one flush, or lost)",
                    options.rate(), plan.size() / (double) options.latencySeconds(), options.latencySeconds(),
                    options.warmupSeconds(), measured, missing);
            report.figure("(b) e2e latency 202 -> status change (read_committed): %s", e2e.describe());
            report.figure("(b) of which 202 -> applied by the shipment side (the status change's changedAt; ms clock): %s", toApplied.describe());
            report.figure("(b) of which applied -> readable (the shipment side's transaction commits, then the fetch): %s", toReadable.describe());
            report.figure("(b) webhook-ingest 202 latency at that rate: %s", ingestLatency.describe());
            report.target("e2e p99 <= 250 ms at " + options.rate() + " events/s", e2e.percentileMs(99) <= 250 && missing == 0,
                    String.format("p99 %.1f ms, %d missing", e2e.percentileMs(99), missing));
        }
    }

    /**
     * Sends the warm-up plan on schedule and waits until the processor has applied it; {@code seenBefore} status
     * changes were seen before it. Returns what it did, for the report.
     */
    static String warmUp(AppProcess ingest, ChangeWatcher changes, List<Planned> warmPlan, int seenBefore) throws InterruptedException {
        long warmStart = send(ingest, warmPlan, new long[warmPlan.size()], new long[warmPlan.size()], new long[warmPlan.size()],
                new Latencies(), new AtomicLong());
        long warmSent = System.nanoTime();
        int warmSeen = awaitCaughtUp(changes, seenBefore + warmPlan.size(), Duration.ofMinutes(5)) - seenBefore;
        return String.format("warm-up: %,d webhooks (%,d raw events) on %,d shipments of their own in %d s; %,d of their status changes applied, %.1f s after the last was accepted",
                warmPlan.size(), events(warmPlan), shipmentsIn(warmPlan) - warmPlan.get(0).shipment(),
                (warmSent - warmStart) / 1_000_000_000L, warmSeen, (System.nanoTime() - warmSent) / 1e9);
    }

    /**
     * What one measured window gave.
     *
     * @param acceptedAtMs per webhook of the plan, when its 202 arrived (epoch ms; 0 if refused)
     * @param latencyNanos per webhook, 202 to its status change readable (-1 if refused or never seen)
     */
    record Window(Latencies e2e, Latencies toApplied, Latencies toReadable, Latencies ingest,
                  java.util.TreeMap<Long, Latencies> bySlice, int missing, long refused, long sendSeconds, long maxLateNanos,
                  long[] acceptedAtMs, long[] latencyNanos) {

        /** The e2e latencies of the webhooks accepted in [fromMs, toMs) (epoch ms). */
        Latencies acceptedBetween(long fromMs, long toMs) {
            Latencies out = new Latencies();
            for (int i = 0; i < latencyNanos.length; i++) {
                if (latencyNanos[i] >= 0 && acceptedAtMs[i] >= fromMs && acceptedAtMs[i] < toMs) {
                    out.add(latencyNanos[i]);
                }
            }
            return out;
        }
    }

    /**
     * Sends the plan on schedule, waits up to 30 s for the status changes still missing, and measures each from its
     * 202 to the moment the watcher read it.
     */
    static Window measure(AppProcess ingest, ChangeWatcher changes, List<Planned> plan) throws InterruptedException {
        long[] acceptedAt = new long[plan.size()];
        long[] acceptedAtMs = new long[plan.size()];
        long[] sentLate = new long[plan.size()];
        Latencies ingestLatency = new Latencies();
        AtomicLong refused = new AtomicLong();
        long start = send(ingest, plan, acceptedAt, acceptedAtMs, sentLate, ingestLatency, refused);
        long sendSeconds = (System.nanoTime() - start) / 1_000_000_000L;

        long grace = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int missing;
        do {
            Thread.sleep(200); // polling the watcher's map at a fixed pace
            missing = 0;
            for (int i = 0; i < plan.size(); i++) {
                if (acceptedAt[i] > 0 && changes.seenAt(plan.get(i).changeKey()) == null) {
                    missing++;
                }
            }
        } while (missing > 0 && System.nanoTime() < grace);
        Latencies e2e = new Latencies();
        Latencies toApplied = new Latencies();
        Latencies toReadable = new Latencies();
        long[] latencyNanos = new long[plan.size()];
        long maxLate = 0;
        java.util.TreeMap<Long, Latencies> bySlice = new java.util.TreeMap<>();
        for (int i = 0; i < plan.size(); i++) {
            Long seen = changes.seenAt(plan.get(i).changeKey());
            latencyNanos[i] = -1;
            if (acceptedAt[i] > 0 && seen != null) {
                long latency = Math.max(0, seen - acceptedAt[i]);
                latencyNanos[i] = latency;
                bySlice.computeIfAbsent(plan.get(i).dueNanos() / 5_000_000_000L, k -> new Latencies()).add(latency);
                e2e.add(latency);
                long applied = changes.appliedAtMs(plan.get(i).changeKey());
                toApplied.add(Math.max(0, applied - acceptedAtMs[i]) * 1_000_000L);
                toReadable.add(Math.max(0, changes.seenAtMs(plan.get(i).changeKey()) - applied) * 1_000_000L);
                maxLate = Math.max(maxLate, sentLate[i]);
            }
        }
        return new Window(e2e, toApplied, toReadable, ingestLatency, bySlice, missing, refused.get(), sendSeconds, maxLate,
                acceptedAtMs, latencyNanos);
    }

    /**
     * Waits until the watcher has seen {@code count} status changes or, short of that (two steps of a shipment applied
     * in one flush make one change), until it has seen no new one for 10 s; returns how many it has seen.
     */
    static int awaitCaughtUp(ChangeWatcher changes, int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int seen = changes.count();
        long lastGrowth = System.nanoTime();
        while (seen < count && System.nanoTime() - lastGrowth < Duration.ofSeconds(10).toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the processor did not catch up with the warm-up in " + limit.toMinutes() + " minutes");
            }
            Thread.sleep(100);
            int now = changes.count();
            if (now > seen) {
                seen = now;
                lastGrowth = System.nanoTime();
            }
        }
        return seen;
    }

    static int shipmentsIn(List<Planned> plan) {
        return plan.stream().mapToInt(Planned::shipment).max().orElse(-1) + 1;
    }

    static long events(List<Planned> plan) {
        return plan.stream().mapToLong(Planned::step).sum();
    }

    /** Waits (polling the watcher) until it has seen {@code count} distinct status changes. */
    static void awaitChanges(ChangeWatcher changes, int count, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (changes.count() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the processor did not " + what + " in " + limit.toMinutes() + " minutes ("
                        + changes.count() + " of " + count + " status changes)");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Shipments in groups: step 1 of every shipment of a group, then step 2 of all, and so on, each webhook due when
     * the events before it, at the offered rate, have been sent.
     */
    static List<Planned> plan(int rate, int seconds, int firstShipment) {
        long totalEvents = (long) rate * seconds;
        int group = Math.max(50, rate / 2);
        List<Planned> plan = new ArrayList<>();
        long events = 0;
        for (int first = firstShipment; events < totalEvents; first += group) {
            for (int step = 1; step <= ShiplemonWebhooks.STEPS && events < totalEvents; step++) {
                for (int s = first; s < first + group && events < totalEvents; s++) {
                    plan.add(new Planned(s, step, (long) (events * 1e9 / rate)));
                    events += step;
                }
            }
        }
        return plan;
    }

    static void register(BenchStack stack, int shipments) {
        SpecificAvroSerializer<ShipmentRegistration> serializer = new SpecificAvroSerializer<>();
        serializer.configure(stack.serdeConfig(), false);
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int s = 0; s < shipments; s++) {
            String id = "e2e-" + s;
            ShipmentRegistration registration = ShipmentRegistration.newBuilder()
                    .setTenant("bench").setShipmentId(id).setOrderId("order-" + id).setPartnerOrderReference("ORD-" + s)
                    .setSalesChannel("web").setCarrier("elta").setProvider("shiplemon").setProviderReference("sl-" + id)
                    .setPolled(false)
                    .setParcels(List.of(RegisteredParcel.newBuilder().setTrackingNumber(String.format("E2E%09dGR", s)).build()))
                    .setRegisteredAt(now).setUpdatedAt(now).build();
            records.add(new ProducerRecord<>(REGISTRATIONS, id, serializer.serialize(REGISTRATIONS, registration)));
        }
        stack.produce(records);
    }

    /** Sends the plan on schedule over kept-alive connections; returns the start time (System.nanoTime). */
    static long send(AppProcess ingest, List<Planned> plan, long[] acceptedAt, long[] acceptedAtMs, long[] late,
                             Latencies ingestLatency, AtomicLong refused) throws InterruptedException {
        int port = Integer.parseInt(ingest.url("").replaceAll(".*:(\\d+)$", "$1"));
        Instant eventsStart = Instant.now().minus(Duration.ofHours(2));
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            Thread t = new Thread(() -> {
                ShiplemonWebhooks webhooks = new ShiplemonWebhooks(Apps.WEBHOOK_SECRET);
                Latencies mine = new Latencies();
                try (HttpConnection http = new HttpConnection("127.0.0.1", port)) {
                    for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                        Planned p = plan.get(i);
                        byte[] body = ShiplemonWebhooks.body(p.trackingRef(), p.step(), eventsStart);
                        long due = start + p.dueNanos();
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        long sent = System.nanoTime();
                        late[i] = sent - due;
                        int status;
                        try {
                            status = http.post(ShiplemonWebhooks.PATH, body, webhooks.headers(body));
                        } catch (java.io.IOException e) {
                            status = -1;
                        }
                        long done = System.nanoTime();
                        if (status == 202) {
                            acceptedAt[i] = done;
                            acceptedAtMs[i] = System.currentTimeMillis();
                            mine.add(done - sent);
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                }
                ingestLatency.addAll(mine);
            }, "e2e-sender-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return start;
    }

    /** Reads status changes as a downstream service does (read_committed) and notes when each became visible. */
    static final class ChangeWatcher implements AutoCloseable {

        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        /** Per change: the processor's changedAt and when it became readable here, both epoch ms (one machine, one clock). */
        private final Map<String, long[]> wallClock = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        ChangeWatcher(BenchStack stack) {
            SpecificAvroDeserializer<ShipmentStatusChanged> values = new SpecificAvroDeserializer<>(ShipmentStatusChanged.class);
            values.configure(stack.serdeConfig(), false);
            KafkaConsumer<byte[], byte[]> consumer = stack.committedReader(STATUS_CHANGES);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        var records = consumer.poll(Duration.ofMillis(100));
                        long now = System.nanoTime();
                        long nowMs = System.currentTimeMillis();
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            ShipmentStatusChanged change = values.deserialize(STATUS_CHANGES, r.value());
                            String key = change.getShipmentId() + ":" + change.getTo();
                            if (!seen.containsKey(key)) { // this thread is the only writer; wallClock first, so seen implies it
                                wallClock.put(key, new long[] {change.getChangedAt().toEpochMilli(), nowMs});
                                seen.put(key, now);
                            }
                        }
                    }
                }
            }, "status-change-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        int count() {
            return seen.size();
        }

        /** How many distinct changes (shipment id ":" status) match. */
        long count(java.util.function.Predicate<String> key) {
            return seen.keySet().stream().filter(key).count();
        }

        Long seenAt(String key) {
            return seen.get(key);
        }

        long appliedAtMs(String key) {
            return wallClock.get(key)[0];
        }

        long seenAtMs(String key) {
            return wallClock.get(key)[1];
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

}
