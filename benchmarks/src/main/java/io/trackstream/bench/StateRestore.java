package io.trackstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * (d) State at scale: the processor builds the state of N shipments (a registration and a first carrier event
 * each), stops cleanly, and starts again on an empty state directory, so every store is restored from its changelog
 * (as after losing a disk, or on a new instance). Measured: time from process start to Kafka Streams RUNNING (all
 * stores restored), against a restart on the kept state directory (nothing to restore); per-store restore times from
 * Kafka Streams' own log; the processor's resident memory (RSS, peak) and heap when RUNNING.
 */
final class StateRestore {

    private static final String RAW = TopicNames.defaults().raw();
    private static final String REGISTRATIONS = TopicNames.defaults().registrations();
    private static final String PREFIX = Apps.PROCESSOR_APPLICATION_ID + "-";

    private StateRestore() {
    }

    static void run(BenchOptions options, Report report) throws Exception {
        report.section("(d) restoring the state of " + options.shipments() + " shipments");
        int port = options.port('d', 10);
        try (BenchStack stack = BenchStack.start(options, 'd')) {
            long produceStart = System.nanoTime();
            produce(stack, options.shipments());
            report.info("produced %,d registrations and %,d raw events in %.0f s", options.shipments(), options.shipments(),
                    (System.nanoTime() - produceStart) / 1e9);

            Path firstState = stack.dir.resolve("state-first");
            long buildStart = System.nanoTime();
            Path buildLog = stack.dir.resolve("logs").resolve("processor-build.log");
            try (AppProcess processor = Apps.processor(stack, options, port, firstState, List.of()).start()) {
                awaitCaughtUp(stack, processor, report);
                processor.close();
                Files.copy(processor.logFile(), buildLog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Files.readAllLines(buildLog).stream().filter(l -> l.contains("Counted ")).reduce((a, b) -> b)
                    .ifPresent(l -> report.figure("(d) shipments-by-status gauge, last count while building: %s",
                            l.substring(l.indexOf("Counted "))));
            report.info("the processor built the state in %.0f s; state directory %,d MB", (System.nanoTime() - buildStart) / 1e9,
                    Machine.directorySizeMb(firstState));
            Map<TopicPartition, Long> changelogEnds = stack.endOffsets(changelogTopics(stack));
            long shipmentChangelog = stack.sum(changelogEnds, PREFIX + "shipments-store-changelog");
            report.info("changelog offsets (records and transaction markers): shipments-store %,d, all stores %,d",
                    shipmentChangelog, changelogEnds.values().stream().mapToLong(Long::longValue).sum());

            Path freshState = stack.dir.resolve("state-restored");
            report.info("restarting on an empty state directory (restores every store), then again on the kept one");
            Start restored = startUntilRunning(stack, options, port, freshState, "processor-restore");
            Start kept = startUntilRunning(stack, options, port, freshState, "processor-kept-state");
            List<String> stores = restoredStores(restored.log);
            report.info("restore log of Kafka Streams:");
            stores.forEach(line -> report.info("  %s", line));
            report.figure("(d) %,d shipments, empty state dir: every store restored in %.1f s (tasks assigned -> RUNNING); process start -> RUNNING %.1f s",
                    options.shipments(), restored.restoreSeconds, restored.seconds);
            report.figure("(d) kept state dir (clean stop): tasks assigned -> RUNNING %.1f s; process start -> RUNNING %.1f s",
                    kept.restoreSeconds, kept.seconds);
            report.figure("(d) of the start-up, %.1f s and %.1f s went to joining the group (Streams start -> tasks assigned; the stopped instance left it on close)",
                    restored.joinSeconds, kept.joinSeconds);
            report.figure("(d) %s", stores.stream().filter(s -> s.contains("shipments-store-changelog")).findFirst().orElse("shipments-store restore line not found"));
            report.figure("(d) processor memory when RUNNING after the restore: RSS %d MB (peak %d MB), heap used %d MB of max %s; restored state dir %,d MB on disk",
                    restored.rssMb, restored.peakRssMb, restored.heapUsedMb, options.appHeap(), Machine.directorySizeMb(freshState));
            report.figure("(d) for comparison, on the kept state dir: RSS %d MB (peak %d MB), heap used %d MB", kept.rssMb, kept.peakRssMb, kept.heapUsedMb);
        }
    }

    /**
     * @param seconds        process start to Streams RUNNING
     * @param restoreSeconds tasks assigned to RUNNING (from the app's log): restoring the stores, nothing else
     * @param joinSeconds    Streams start to tasks assigned: waiting for the group (see the report)
     */
    private record Start(double seconds, double restoreSeconds, double joinSeconds, long rssMb, long peakRssMb, long heapUsedMb, Path log) {
    }

    private static Start startUntilRunning(BenchStack stack, BenchOptions options, int port, Path stateDir, String name) throws Exception {
        AppProcess app = Apps.processor(stack, options, port, stateDir, List.of());
        long start = System.nanoTime();
        try (AppProcess processor = app.start()) {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = start + Duration.ofMinutes(30).toNanos();
            while (!healthSays(http, processor, "\"RUNNING\"")) {
                if (!processor.alive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not reach RUNNING; see " + processor.logFile());
                }
                Thread.sleep(100); // polling the health endpoint at a fixed pace
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long heap = heapUsedMb(http, processor);
            long rss = Machine.rssMb(processor.pid());
            long peak = Machine.peakRssMb(processor.pid());
            processor.close();
            Path log = stack.dir.resolve("logs").resolve(name + ".log");
            Files.copy(processor.logFile(), log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> lines = Files.readAllLines(log);
            Instant streamsStarted = logTime(lines, "Kafka Streams CREATED -> REBALANCING");
            Instant assigned = logTime(lines, "to PARTITIONS_ASSIGNED");
            Instant running = logTime(lines, "Kafka Streams REBALANCING -> RUNNING");
            return new Start(seconds, Duration.between(assigned, running).toMillis() / 1000.0,
                    Duration.between(streamsStarted, assigned).toMillis() / 1000.0, rss, peak, heap, log);
        }
    }

    /** The time stamp of the first log line containing {@code text} (Spring Boot's ISO-8601 log format). */
    static Instant logTime(List<String> lines, String text) {
        for (String line : lines) {
            if (line.contains(text)) {
                return Instant.parse(line.substring(0, line.indexOf(' ')));
            }
        }
        throw new IllegalStateException("no log line with \"" + text + "\"");
    }

    private static boolean healthSays(HttpClient http, AppProcess app, String text) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(app.url("/actuator/health"))).timeout(Duration.ofSeconds(5))
                            .header("Authorization", "Bearer " + Apps.OPERATOR_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains(text);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long heapUsedMb(HttpClient http, AppProcess app) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(app.url("/actuator/prometheus"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return (long) sum >> 20;
    }

    private static List<String> restoredStores(Path log) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf("Finished restoring changelog");
            if (at >= 0) {
                lines.add(line.substring(at).replaceAll("\\s+", " "));
            }
        }
        return lines;
    }

    private static List<String> changelogTopics(BenchStack stack) throws Exception {
        return stack.admin.listTopics().names().get().stream().filter(t -> t.startsWith(PREFIX) && t.endsWith("-changelog")).sorted().toList();
    }

    /** Waits until every input and internal topic is committed to its end and stays so (the last flush is done). */
    static void awaitCaughtUp(BenchStack stack, AppProcess processor, Report report) throws Exception {
        long start = System.nanoTime();
        long lastReport = start;
        int stable = 0;
        while (stable < 3) {
            if (!processor.alive()) {
                throw new IllegalStateException("the processor exited while building the state; see " + processor.logFile());
            }
            List<String> inputs = new ArrayList<>(List.of(RAW, REGISTRATIONS));
            inputs.addAll(stack.admin.listTopics().names().get().stream().filter(t -> t.startsWith(PREFIX) && t.endsWith("-repartition")).toList());
            Map<TopicPartition, Long> end = stack.endOffsets(inputs);
            Map<TopicPartition, Long> committed = stack.committed(Apps.PROCESSOR_APPLICATION_ID);
            // a committed offset may sit one past a transaction marker, never before the end once all is done
            boolean done = inputs.size() == 4 && GroupProgress.atEnd(end, committed);
            stable = done ? stable + 1 : 0;
            if (System.nanoTime() - lastReport > Duration.ofSeconds(30).toNanos()) {
                lastReport = System.nanoTime();
                long rawDone = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(RAW)).mapToLong(Map.Entry::getValue).sum();
                report.info("  ... %.0f s: %,d of %,d raw events committed", (lastReport - start) / 1e9, rawDone, stack.sum(end, RAW));
            }
            Thread.sleep(1000); // polling the broker's admin API at a fixed pace
        }
    }

    /** One registration and one first carrier event per shipment, streamed (a million do not fit in a list cheaply). */
    private static void produce(BenchStack stack, int shipments) {
        SpecificAvroSerializer<ShipmentRegistration> registrations = stack.avroSerializer();
        SpecificAvroSerializer<RawTrackingEvent> events = stack.avroSerializer();
        Instant registered = Instant.now().minus(Duration.ofDays(1));
        try (KafkaProducer<String, byte[]> producer = stack.bulkProducer()) {
            for (int s = 0; s < shipments; s++) {
                String id = "shp-" + s;
                String tracking = String.format("RS%09dGR", s);
                ShipmentRegistration registration = ShipmentRegistration.newBuilder()
                        .setTenant("tenant-" + (s % 50)).setShipmentId(id).setOrderId("order-" + s).setPartnerOrderReference("ORD-" + s)
                        .setSalesChannel(s % 5 == 0 ? "shopify" : "web").setCarrier("elta").setCarrierName("ELTA Courier")
                        .setProvider("shiplemon").setProviderReference("sl-" + id)
                        .setParcels(List.of(RegisteredParcel.newBuilder().setTrackingNumber(tracking).build()))
                        .setRegisteredAt(registered).setUpdatedAt(registered).build();
                producer.send(new ProducerRecord<>(REGISTRATIONS, id, registrations.serialize(REGISTRATIONS, registration)));
            }
            for (int s = 0; s < shipments; s++) {
                String tracking = String.format("RS%09dGR", s);
                Instant received = registered.plusSeconds(60 + s % 3600);
                RawTrackingEvent event = RawTrackingEvent.newBuilder()
                        .setEventId("ev-" + s).setSource(EventSource.POLL).setProvider("shiplemon").setCarrier("elta")
                        .setTrackingNumber(tracking).setCarrierStatusCode("PRE_TRANSIT").setCarrierStatusText("ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ")
                        .setEventTime(received.minusSeconds(30)).setReceivedTime(received).setCarrierName("ELTA Courier")
                        .setProviderReference("sl-shp-" + s).setTrackingUrl("https://www.elta-courier.gr/search?br=" + tracking)
                        .setRawPayload(java.nio.ByteBuffer.wrap(("{\"status\":\"PRE_TRANSIT\",\"status_details\":\"ΔΗΜΙΟΥΡΓΙΑ\"}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .build();
                producer.send(new ProducerRecord<>(RAW, "elta:" + tracking, events.serialize(RAW, event)));
            }
            producer.flush();
        }
    }
}
