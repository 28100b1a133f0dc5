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
 * which 1 % of the parcels carry a code the table lacks (UNKNOWN). (b)'s webhook load warms the apps up, then the
 * processor restarts twice on its kept state directory: with the same tables (the baseline: a restarted JVM, nothing
 * to re-derive) and with the code mapped to DELIVERED (every stored parcel is checked and re-written with the new
 * digest; the 1 % change status, and their shipments get a status change). During each start (b)'s load runs at its
 * rate. Measured: process start to the last task's "pass done" log line, the parcels re-derived (the 1 %), the
 * e2e p99 while the pass runs against the baseline's, and what the pass did per second against its tick ceiling.
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
        report.section("(e) re-deriving " + parcels + " stored parcels after a mapping change, " + changing + " of them changing");
        List<EndToEndLatency.Planned> warmPlan = EndToEndLatency.plan(options.rate(), options.warmupSeconds(), 0);
        // both restarts get the same window, long enough to span the pass (about 4,000 parcels/s on a loaded 2-core machine)
        int windowSeconds = windowSeconds(options.latencySeconds(), parcels);
        List<EndToEndLatency.Planned> basePlan = EndToEndLatency.plan(options.rate(), windowSeconds, EndToEndLatency.shipmentsIn(warmPlan));
        List<EndToEndLatency.Planned> duringPlan = EndToEndLatency.plan(options.rate(), windowSeconds, EndToEndLatency.shipmentsIn(basePlan));
        int e2eShipments = EndToEndLatency.shipmentsIn(duringPlan);
        try (BenchStack stack = BenchStack.start(options, 'e')) {
            Path before = tableDirectory(stack.dir.resolve("mappings-before"), false);
            Path after = tableDirectory(stack.dir.resolve("mappings-after"), true);
            Path state = stack.dir.resolve("state-processor");
            long produceStart = System.nanoTime();
            produce(stack, parcels);
            EndToEndLatency.register(stack, e2eShipments);
            report.info("produced %,d registrations and %,d raw events (%,d with %s, unmapped at first) and %,d (b) registrations in %.0f s",
                    parcels, parcels, changing, CHANGING_CODE, e2eShipments, (System.nanoTime() - produceStart) / 1e9);

            long buildStart = System.nanoTime();
            try (AppProcess ingest = Apps.ingest(stack, options, options.port('e', 10)).start()) {
                EndToEndLatency.ChangeWatcher changes;
                try (AppProcess build = processor(stack, options, state, "processor-build", before).start()) {
                    StateRestore.awaitCaughtUp(stack, build, report);
                    report.info("the processor stored the %,d parcels in %.0f s; state directory %,d MB", parcels,
                            (System.nanoTime() - buildStart) / 1e9, Machine.directorySizeMb(state));
                    Apps.awaitHealthy(ingest);
                    changes = new EndToEndLatency.ChangeWatcher(stack);
                    int seen = EndToEndLatency.awaitCaughtUp(changes, Integer.MAX_VALUE, Duration.ofMinutes(10)); // until quiet for 10 s
                    report.info("%s", EndToEndLatency.warmUp(ingest, changes, warmPlan, seen));
                }
                try (changes) {
                    Start same = startAndMeasure(stack, options, state, "processor-same-tables", before, ingest, changes, basePlan, 0);
                    report.info("restart with the same tables: RUNNING %.1f s after process start; %d \"pass done\" lines (nothing to do)",
                            same.runningSeconds, same.passes.size());
                    long changelogBefore = stack.sum(stack.endOffsets(List.of(PARCELS_CHANGELOG)), PARCELS_CHANGELOG);
                    Start changed = startAndMeasure(stack, options, state, "processor-new-tables", after, ingest, changes, duringPlan,
                            options.partitions());
                    long changelogWrites = stack.sum(stack.endOffsets(List.of(PARCELS_CHANGELOG)), PARCELS_CHANGELOG) - changelogBefore;
                    long delivered = awaitDelivered(changes, changing, Duration.ofMinutes(2));
                    report(options, report, parcels, changing, same, changed, changelogWrites, delivered);
                }
            }
        }
    }

    private static void report(BenchOptions options, Report report, int parcels, int changing, Start same, Start changed,
                               long changelogWrites, long delivered) {
        long checked = changed.passes.values().stream().mapToLong(p -> p[0]).sum();
        long rederived = changed.passes.values().stream().mapToLong(p -> p[1]).sum();
        double passSeconds = Duration.between(changed.runningAt, changed.doneAt).toMillis() / 1000.0;
        double ceiling = tickCeiling(options.partitions(), changed.chunk, changed.tickMs);
        report.info("pass per task (checked, re-derived): %s", changed.passes.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).sorted().toList());
        report.info("processor's stream threads at the end of the pass: %s", changed.threadMetrics);
        report.info("e2e by 5 s slice of the window, same tables | new table:");
        same.window.bySlice().forEach((slice, l) -> {
            Latencies other = changed.window.bySlice().get(slice);
            report.info("  seconds %3d-%3d: p50 %6.0f ms, p99 %6.0f ms | p50 %6.0f ms, p99 %6.0f ms", slice * 5, slice * 5 + 5,
                    l.percentileMs(50), l.percentileMs(99), other == null ? Double.NaN : other.percentileMs(50),
                    other == null ? Double.NaN : other.percentileMs(99));
        });
        report.figure("(e) %,d stored parcels, rederive-chunk %d per %d ms tick, %d tasks: process start -> every task's pass done %.1f s "
                        + "(RUNNING after %.1f s, pass %.1f s = %,.0f parcels/s; tick ceiling %,.0f parcels/s)",
                parcels, changed.chunk, changed.tickMs, options.partitions(), changed.doneSeconds, changed.runningSeconds, passSeconds,
                checked / passSeconds, ceiling);
        report.figure("(e) checked %,d parcels, re-derived %,d (expected %,d); %,d DELIVERED status changes of the changed shipments; "
                        + "%,d parcels-store changelog offsets written during the pass (every checked parcel gets the new digest)",
                checked, rederived, changing, delivered, changelogWrites);
        double sameCores = same.cpuMillis / 1000.0 / same.cpuSeconds;
        double changedCores = changed.cpuMillis / 1000.0 / changed.cpuSeconds;
        report.figure("(e) processor CPU from RUNNING to the end of the window or pass (with (b)'s load): %.2f cores with the new table "
                        + "(%s) against %.2f with the same tables; the difference over the pass is %.1f µs per parcel checked; "
                        + "load average %s at the start, %s at the end",
                changedCores, changed.cpuByKind, sameCores, (changedCores - sameCores) * passSeconds * 1e6 / Math.max(1, checked),
                changed.loadAtStart, changed.loadAtEnd);
        Latencies during = changed.window.acceptedBetween(0, changed.doneAt.toEpochMilli());
        Latencies afterPass = changed.window.acceptedBetween(changed.doneAt.toEpochMilli(), Long.MAX_VALUE);
        report.figure("(e) e2e latency at %,d raw events/s for %d s from RUNNING, restarted with the same tables (baseline, nothing to re-derive): %s; %d never seen",
                options.rate(), same.window.sendSeconds(), same.window.e2e().describe(), same.window.missing());
        report.figure("(e) e2e latency, restarted with the new table, accepted while the pass ran: %s; after it: %s; %d never seen",
                during.describe(), afterPass.describe(), changed.window.missing());
        boolean complete = rederived == changing && delivered == changing;
        report.target("re-derived = the 1 %, each shipment changed once", complete,
                String.format("%,d re-derived, %,d status changes of %,d", rederived, delivered, changing));
        report.target("e2e p99 <= 250 ms while re-deriving", during.count() > 0 && during.percentileMs(99) <= 250 && changed.window.missing() == 0,
                String.format("p99 %.1f ms against %.1f ms without; n=%d", during.percentileMs(99), same.window.e2e().percentileMs(99), during.count()));
    }

    /** The load window of each restart: (b)'s measured seconds plus the time a pass takes at about 4,000 parcels/s. */
    static int windowSeconds(int latencySeconds, int parcels) {
        return latencySeconds + parcels / 4000;
    }

    /** The most parcels per second the pass can check: each task checks one chunk per tick. */
    static double tickCeiling(int tasks, int chunk, long tickMs) {
        return tasks * (double) chunk * 1000.0 / tickMs;
    }

    /**
     * @param passes per task that logged "pass done": parcels checked and re-derived
     */
    private record Start(double runningSeconds, double doneSeconds, Instant runningAt, Instant doneAt, Map<String, long[]> passes,
                         EndToEndLatency.Window window, long cpuMillis, double cpuSeconds, String cpuByKind, String loadAtStart, String loadAtEnd,
                         String threadMetrics, int chunk, long tickMs) {
    }

    /**
     * Starts the processor on the kept state directory with the given tables, offers the plan as soon as it is
     * healthy, and waits for {@code passes} tasks to log their pass done.
     */
    private static Start startAndMeasure(BenchStack stack, BenchOptions options, Path state, String name, Path tables, AppProcess ingest,
                                         EndToEndLatency.ChangeWatcher changes, List<EndToEndLatency.Planned> plan, int passes) throws Exception {
        AppProcess app = processor(stack, options, state, name, tables);
        Instant startedAt = Instant.now();
        String loadAtStart = Machine.loadAverage();
        try (AppProcess processor = app.start()) {
            Apps.awaitHealthy(processor);
            long cpuAtStart = Machine.cpuMillis(processor.pid());
            long cpuStart = System.nanoTime();
            Map<String, Long> kindsAtStart = Machine.cpuMillisByThreadKind(processor.pid());
            EndToEndLatency.Window window = EndToEndLatency.measure(ingest, changes, plan);
            long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
            Map<String, long[]> done = passesDone(processor.logFile());
            while (done.size() < passes) {
                if (!processor.alive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": " + done.size() + " of " + passes + " tasks finished the pass; see " + processor.logFile());
                }
                Thread.sleep(500); // polling the log at a fixed pace
                done = passesDone(processor.logFile());
            }
            long cpu = Machine.cpuMillis(processor.pid()) - cpuAtStart;
            double cpuSeconds = (System.nanoTime() - cpuStart) / 1e9;
            StringBuilder kinds = new StringBuilder();
            Machine.cpuMillisByThreadKind(processor.pid()).forEach((kind, ms) -> kinds.append(kinds.isEmpty() ? "" : ", ")
                    .append(String.format("%s %.1f s", kind, (ms - kindsAtStart.getOrDefault(kind, 0L)) / 1000.0)));
            String loadAtEnd = Machine.loadAverage();
            String threads = Apps.commitMetrics(processor) + "; " + punctuateMetrics(processor);
            processor.close();
            Path log = stack.dir.resolve("logs").resolve(name + "-kept.log");
            Files.copy(processor.logFile(), log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> lines = Files.readAllLines(log);
            Instant running = StateRestore.logTime(lines, "Kafka Streams REBALANCING -> RUNNING");
            Instant doneAt = running;
            for (String line : lines) {
                if (PASS_DONE.matcher(line).find()) {
                    Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
                    doneAt = at.isAfter(doneAt) ? at : doneAt;
                }
            }
            return new Start(Duration.between(startedAt, running).toMillis() / 1000.0, Duration.between(startedAt, doneAt).toMillis() / 1000.0,
                    running, doneAt, done, window, cpu, cpuSeconds, kinds.toString(), loadAtStart, loadAtEnd, threads,
                    Integer.parseInt(setting(options, "trackstream.processor.rederive-chunk", "100")),
                    Duration.parse(setting(options, "trackstream.processor.flush-interval", "PT0.02S")).toMillis());
        }
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

    /** The last "pass done" line of each task in the log: parcels checked and re-derived. */
    static Map<String, long[]> passesDone(Path log) throws java.io.IOException {
        Map<String, long[]> done = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = PASS_DONE.matcher(line);
            if (m.find()) {
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
                Map.of("trackstream.processor.mapping-directory", tables.toString()));
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
