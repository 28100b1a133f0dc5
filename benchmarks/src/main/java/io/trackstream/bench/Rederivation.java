package io.trackstream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * (e) Re-derivation after a mapping change (docs/processor.md, "When a table changes"): the processor stores N
 * parcels of N shipments (a registration and one carrier event each) under a table of a provider of its own, in
 * which 1 % of the parcels carry a code the table lacks (UNKNOWN). (b)'s webhook load warms the apps up, then runs at
 * its rate for one window; a part into the window the table file gains the code (mapped to DELIVERED) and the
 * running processor reloads it ({@code POST /actuator/mappingtables}), with no restart. Every stored parcel is then
 * checked in the background; the 1 % change status and their shipments get a status change. Measured in the one
 * window: the e2e of live events accepted before the reload (the baseline) and while the pass runs, the pass's time
 * from the reload to the last task's "pass done" log line, and the parcels-store changelog records it wrote.
 */
final class Rederivation {

    static final String PROVIDER = "benchlab";
    static final String CHANGING_CODE = "HANDED_OVER";
    private static final String RAW = TopicNames.defaults().raw();
    private static final String REGISTRATIONS = TopicNames.defaults().registrations();
    private static final String PARCELS_CHANGELOG = Apps.PROCESSOR_APPLICATION_ID + "-parcels-store-changelog";
    private static final Pattern PASS_DONE = Pattern.compile("Mapping tables (\\S+): task (\\S+) pass done, checked (\\d+) parcels, re-derived (\\d+)");

    private Rederivation() {
    }

    /** Whether parcel {@code s} of the load carries the code only the second table maps (1 in 100). */
    static boolean changes(int s) {
        return s % 100 == 1; // not 0: every fifth shipment is Shopify's, which never auto-closes
    }

    static int changing(int parcels) {
        return parcels / 100 + (parcels % 100 > 1 ? 1 : 0);
    }

    /** The provider's table, with or without the code that changes. */
    static String table(boolean withChangingCode) {
        return "provider: " + PROVIDER + "\n"
                + "statuses:\n"
                + "  PRE_TRANSIT: INFO_RECEIVED\n"
                + "  TRANSIT: IN_TRANSIT\n"
                + "  DELIVERED: DELIVERED\n"
                + (withChangingCode ? "  " + CHANGING_CODE + ": DELIVERED\n" : "");
    }

    static void run(BenchOptions options, Report report) throws Exception {
        int parcels = options.parcels();
        int changing = changing(parcels);
        report.section("(e) re-deriving " + parcels + " stored parcels after a runtime reload of the mapping tables, " + changing
                + " of them changing");
        List<EndToEndLatency.Planned> warmPlan = EndToEndLatency.plan(options.rate(), options.warmupSeconds(), 0);
        // the reload comes latencySeconds into the window; the rest is long enough to span the pass
        int windowSeconds = windowSeconds(options.latencySeconds(), parcels);
        List<EndToEndLatency.Planned> plan = EndToEndLatency.plan(options.rate(), windowSeconds, EndToEndLatency.shipmentsIn(warmPlan));
        int e2eShipments = EndToEndLatency.shipmentsIn(plan);
        try (BenchStack stack = BenchStack.start(options, 'e')) {
            Path tables = tableDirectory(stack.dir.resolve("mappings"), false);
            Path state = stack.dir.resolve("state-processor");
            long produceStart = System.nanoTime();
            produce(stack, parcels);
            EndToEndLatency.register(stack, e2eShipments);
            report.info("produced %,d registrations and %,d raw events (%,d with %s, unmapped at first) and %,d (b) registrations in %.0f s",
                    parcels, parcels, changing, CHANGING_CODE, e2eShipments, (System.nanoTime() - produceStart) / 1e9);

            long buildStart = System.nanoTime();
            try (AppProcess ingest = Apps.ingest(stack, options, options.port('e', 10)).start();
                 AppProcess processor = processor(stack, options, state, "processor", tables).start()) {
                StateRestore.awaitCaughtUp(stack, processor, report);
                report.info("the processor stored the %,d parcels in %.0f s; state directory %,d MB", parcels,
                        (System.nanoTime() - buildStart) / 1e9, Machine.directorySizeMb(state));
                Apps.awaitHealthy(ingest);
                try (EndToEndLatency.ChangeWatcher changes = new EndToEndLatency.ChangeWatcher(stack)) {
                    int seen = EndToEndLatency.awaitCaughtUp(changes, Integer.MAX_VALUE, Duration.ofMinutes(10)); // until quiet for 10 s
                    report.info("%s", EndToEndLatency.warmUp(ingest, changes, warmPlan, seen));
                    Pass pass = measure(stack, options, ingest, processor, tables, changes, plan);
                    long delivered = awaitDelivered(changes, changing, Duration.ofMinutes(2));
                    report(options, report, parcels, changing, pass, delivered);
                }
            }
        }
    }

    /**
     * @param passes       per task, its "pass done" line with the new digest: parcels checked and re-derived
     * @param changelogBefore parcels-store changelog offsets from the window's start to the reload (the live load's)
     * @param changelogDuring the same from the reload to the end of the window or the pass, whichever is later
     */
    private record Pass(Instant windowStart, Instant reloadAt, Instant doneAt, String reloadAnswer, Map<String, long[]> passes,
                        EndToEndLatency.Window window, double coresBefore, double coresDuring, String loadAtReload, String loadAtEnd,
                        String threadMetrics, long changelogBefore, double changelogBeforeSeconds, long changelogDuring,
                        double changelogDuringSeconds) {
    }

    /**
     * Offers the plan; {@code options.latencySeconds()} into it, writes the new table and asks the running processor
     * to reload; then waits for every task to log its pass done with the new digest.
     */
    private static Pass measure(BenchStack stack, BenchOptions options, AppProcess ingest, AppProcess processor, Path tables,
                                EndToEndLatency.ChangeWatcher changes, List<EndToEndLatency.Planned> plan) throws Exception {
        Instant windowStart = Instant.now();
        long cpuAtStart = Machine.cpuMillis(processor.pid());
        long startNanos = System.nanoTime();
        long[] changelogAt = {changelog(stack), 0};
        long[] cpuAtReload = new long[1];
        long[] reloadNanos = new long[1];
        String[] answer = new String[2];
        Instant[] reloadAt = new Instant[1];
        Thread reloader = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(options.latencySeconds()).toMillis()); // the window's schedule, not a wait on a condition
                changelogAt[1] = changelog(stack);
                cpuAtReload[0] = Machine.cpuMillis(processor.pid());
                answer[1] = Machine.loadAverage();
                Files.writeString(tables.resolve(PROVIDER + ".yml"), table(true), StandardCharsets.UTF_8);
                reloadAt[0] = Instant.now();
                reloadNanos[0] = System.nanoTime();
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(processor.url("/actuator/mappingtables")))
                        .header("Authorization", "Bearer " + Apps.OPERATOR_TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                answer[0] = response.statusCode() + " " + response.body();
            } catch (Exception e) {
                answer[0] = "failed: " + e;
            }
        }, "bench-reload");
        reloader.start();
        EndToEndLatency.Window window = EndToEndLatency.measure(ingest, changes, plan);
        reloader.join();
        if (answer[0] == null || !answer[0].startsWith("200 ") || !answer[0].contains("RELOADED")) {
            throw new IllegalStateException("the reload was not taken: " + answer[0]);
        }
        String digest = answer[0].replaceAll("(?s).*\"digest\":\"([^\"]+)\".*", "$1");
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        Map<String, long[]> done = passesDone(processor.logFile(), digest);
        while (done.size() < options.partitions()) {
            if (!processor.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(done.size() + " of " + options.partitions() + " tasks finished the pass; see " + processor.logFile());
            }
            Thread.sleep(500); // polling the log at a fixed pace
            done = passesDone(processor.logFile(), digest);
        }
        Instant doneAt = reloadAt[0];
        for (String line : Files.readAllLines(processor.logFile())) {
            Matcher m = PASS_DONE.matcher(line);
            if (m.find() && m.group(1).equals(digest)) {
                Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
                doneAt = at.isAfter(doneAt) ? at : doneAt;
            }
        }
        long changelogEnd = changelog(stack);
        long cpuEnd = Machine.cpuMillis(processor.pid());
        double secondsBefore = (reloadNanos[0] - startNanos) / 1e9;
        double secondsAfter = (System.nanoTime() - reloadNanos[0]) / 1e9;
        String threads = Apps.commitMetrics(processor) + "; " + punctuateMetrics(processor);
        return new Pass(windowStart, reloadAt[0], doneAt, answer[0], done, window, (cpuAtReload[0] - cpuAtStart) / 1000.0 / secondsBefore,
                (cpuEnd - cpuAtReload[0]) / 1000.0 / secondsAfter, answer[1], Machine.loadAverage(), threads,
                changelogAt[1] - changelogAt[0], secondsBefore, changelogEnd - changelogAt[1], secondsAfter);
    }

    private static void report(BenchOptions options, Report report, int parcels, int changing, Pass pass, long delivered) {
        long checked = pass.passes.values().stream().mapToLong(p -> p[0]).sum();
        long rederived = pass.passes.values().stream().mapToLong(p -> p[1]).sum();
        double passSeconds = Duration.between(pass.reloadAt, pass.doneAt).toMillis() / 1000.0;
        int chunk = Integer.parseInt(setting(options, "trackstream.processor.rederive-chunk", "100"));
        long tickMs = Duration.parse(setting(options, "trackstream.processor.flush-interval", "PT0.02S")).toMillis();
        String budget = setting(options, "trackstream.processor.rederive-budget", "PT0.005S");
        report.info("reload answered %s", pass.reloadAnswer);
        report.info("pass per task (checked, re-derived): %s", pass.passes.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).sorted().toList());
        report.info("processor's stream threads at the end of the pass: %s", pass.threadMetrics);
        long reloadSecond = (pass.reloadAt.toEpochMilli() - pass.windowStart.toEpochMilli()) / 1000;
        report.info("e2e by 5 s slice of the window (reload at second %d, pass done at second %d):", reloadSecond,
                (pass.doneAt.toEpochMilli() - pass.windowStart.toEpochMilli()) / 1000);
        pass.window.bySlice().forEach((slice, l) -> report.info("  seconds %3d-%3d: p50 %6.0f ms, p99 %6.0f ms (n=%d)", slice * 5, slice * 5 + 5,
                l.percentileMs(50), l.percentileMs(99), l.count()));
        Latencies before = pass.window.acceptedBetween(0, pass.reloadAt.toEpochMilli());
        Latencies during = pass.window.acceptedBetween(pass.reloadAt.toEpochMilli(), pass.doneAt.toEpochMilli());
        Latencies afterPass = pass.window.acceptedBetween(pass.doneAt.toEpochMilli(), Long.MAX_VALUE);
        report.figure("(e) %,d stored parcels, runtime reload, rederive-chunk %d per %d ms tick, rederive-budget %s per stream thread, %d tasks, "
                        + "%d stream threads: reload -> every task's pass done %.1f s = %,.0f parcels/s checked (count ceiling %,.0f parcels/s)",
                parcels, chunk, tickMs, budget, options.partitions(), options.streamThreads(), passSeconds, checked / passSeconds,
                tickCeiling(options.partitions(), chunk, tickMs));
        double liveRate = pass.changelogBefore / pass.changelogBeforeSeconds;
        report.figure("(e) checked %,d parcels, re-derived %,d (expected %,d); %,d DELIVERED status changes of the changed shipments; "
                        + "parcels-store changelog offsets from the reload to the end of the window: %,d in %.0f s, against %,.0f/s from the live "
                        + "load alone before the reload (about %,.0f more than the live load's rate gives)",
                checked, rederived, changing, delivered, pass.changelogDuring, pass.changelogDuringSeconds, liveRate,
                pass.changelogDuring - liveRate * pass.changelogDuringSeconds);
        report.figure("(e) processor CPU: %.2f cores in the window before the reload, %.2f from the reload to the pass's end and beyond "
                        + "(the window's rest); load average %s at the reload, %s at the end",
                pass.coresBefore, pass.coresDuring, pass.loadAtReload, pass.loadAtEnd);
        report.figure("(e) e2e at %,d raw events/s in one window, same processor: accepted before the reload (baseline, %d s): %s; "
                        + "while the pass ran: %s; after it: %s; %d never seen",
                options.rate(), reloadSecond, before.describe(), during.describe(), afterPass.describe(), pass.window.missing());
        boolean complete = rederived == changing && delivered == changing;
        report.target("re-derived = the 1 %, each shipment changed once", complete,
                String.format("%,d re-derived, %,d status changes of %,d", rederived, delivered, changing));
        report.target("e2e p99 <= 250 ms while re-deriving", during.count() > 0 && during.percentileMs(99) <= 250 && pass.window.missing() == 0,
                String.format("p99 %.1f ms against %.1f ms before the reload; n=%d", during.percentileMs(99), before.percentileMs(99), during.count()));
    }

    /** The load window: (b)'s measured seconds before the reload, plus the time a pass takes at about 4,000 parcels/s. */
    static int windowSeconds(int latencySeconds, int parcels) {
        return latencySeconds + Math.max(20, parcels / 4000);
    }

    /** The most parcels per second the pass can check: each task checks one chunk per tick. */
    static double tickCeiling(int tasks, int chunk, long tickMs) {
        return tasks * (double) chunk * 1000.0 / tickMs;
    }

    /** A processor setting as given by {@code --set}, else the processor's default. */
    private static String setting(BenchOptions options, String key, String fallback) {
        for (String setting : options.processorSettings()) {
            if (setting.startsWith(key + "=")) {
                return setting.substring(key.length() + 1);
            }
        }
        return fallback;
    }

    /** The last "pass done" line with {@code digest} of each task in the log: parcels checked and re-derived. */
    static Map<String, long[]> passesDone(Path log, String digest) throws java.io.IOException {
        Map<String, long[]> done = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = PASS_DONE.matcher(line);
            if (m.find() && m.group(1).equals(digest)) {
                done.put(m.group(2), new long[] {Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
            }
        }
        return done;
    }

    private static long awaitDelivered(EndToEndLatency.ChangeWatcher changes, int expected, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long seen = changes.count(k -> k.startsWith("rd-") && k.endsWith(":DELIVERED"));
        while (seen < expected && System.nanoTime() < deadline) {
            Thread.sleep(500); // polling the watcher at a fixed pace
            seen = changes.count(k -> k.startsWith("rd-") && k.endsWith(":DELIVERED"));
        }
        return seen;
    }

    private static AppProcess processor(BenchStack stack, BenchOptions options, Path state, String name, Path tables) {
        return Apps.processor(stack, options, options.port('e', 11), state, List.of(), name,
                // reloaded on request only, so that the reload comes at the moment the window plans
                Map.of("trackstream.processor.mapping-directory", tables.toString(), "trackstream.processor.mapping-check-interval", "PT0S"));
    }

    private static long changelog(BenchStack stack) throws Exception {
        return stack.sum(stack.endOffsets(List.of(PARCELS_CHANGELOG)), PARCELS_CHANGELOG);
    }

    private static Path tableDirectory(Path dir, boolean withChangingCode) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PROVIDER + ".yml"), table(withChangingCode), StandardCharsets.UTF_8);
        return dir;
    }

    private static String punctuateMetrics(AppProcess processor) {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("kafka_stream_thread_punctuate_ratio", "kafka_stream_thread_punctuate_latency_avg",
                "kafka_stream_thread_punctuate_latency_max")) {
            out.append(out.isEmpty() ? "" : "; ").append(name.replace("kafka_stream_thread_", "")).append(' ')
                    .append(String.format("%.3f", metric(processor, name, Double.NaN)));
        }
        return out + " (sums over the stream threads)";
    }

    /** The sum of a metric's series on the processor's Prometheus endpoint, or {@code fallback} without any. */
    private static double metric(AppProcess processor, String name, double fallback) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(processor.url("/actuator/prometheus"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)").matcher(text);
            double sum = 0;
            boolean any = false;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
                any = true;
            }
            return any ? sum : fallback;
        } catch (java.io.IOException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    /** One registration and one carrier event per parcel, streamed; the changing 1 % carry the unmapped code. */
    private static void produce(BenchStack stack, int parcels) {
        SpecificAvroSerializer<ShipmentRegistration> registrations = stack.avroSerializer();
        SpecificAvroSerializer<RawTrackingEvent> events = stack.avroSerializer();
        Instant registered = Instant.now().minus(Duration.ofDays(1));
        try (KafkaProducer<String, byte[]> producer = stack.bulkProducer()) {
            for (int s = 0; s < parcels; s++) {
                String id = "rd-" + s;
                ShipmentRegistration registration = ShipmentRegistration.newBuilder()
                        .setTenant("tenant-" + (s % 50)).setShipmentId(id).setOrderId("order-" + id).setPartnerOrderReference("ORD-RD-" + s)
                        .setSalesChannel(s % 5 == 0 ? "shopify" : "web").setCarrier("elta").setCarrierName("ELTA Courier")
                        .setProvider(PROVIDER).setProviderReference("bl-" + id).setPolled(false)
                        .setParcels(List.of(RegisteredParcel.newBuilder().setTrackingNumber(tracking(s)).build()))
                        .setRegisteredAt(registered).setUpdatedAt(registered).build();
                producer.send(new ProducerRecord<>(REGISTRATIONS, id, registrations.serialize(REGISTRATIONS, registration)));
            }
            for (int s = 0; s < parcels; s++) {
                String tracking = tracking(s);
                boolean changes = changes(s);
                Instant received = registered.plusSeconds(60 + s % 3600);
                String code = changes ? CHANGING_CODE : "PRE_TRANSIT";
                String text = changes ? "ΠΑΡΑΔΟΘΗΚΕ ΣΕ ΓΕΙΤΟΝΑ" : "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ";
                RawTrackingEvent event = RawTrackingEvent.newBuilder()
                        .setEventId("rd-ev-" + s).setSource(EventSource.POLL).setProvider(PROVIDER).setCarrier("elta")
                        .setTrackingNumber(tracking).setCarrierStatusCode(code).setCarrierStatusText(text)
                        .setEventTime(received.minusSeconds(30)).setReceivedTime(received).setCarrierName("ELTA Courier")
                        .setProviderReference("bl-rd-" + s).setTrackingUrl("https://www.elta-courier.gr/search?br=" + tracking)
                        .setRawPayload(java.nio.ByteBuffer.wrap(("{\"status\":\"" + code + "\",\"status_details\":\"" + text + "\"}")
                                .getBytes(StandardCharsets.UTF_8)))
                        .build();
                producer.send(new ProducerRecord<>(RAW, "elta:" + tracking, events.serialize(RAW, event)));
            }
            producer.flush();
        }
    }

    private static String tracking(int s) {
        return String.format("RD%09dGR", s);
    }
}
