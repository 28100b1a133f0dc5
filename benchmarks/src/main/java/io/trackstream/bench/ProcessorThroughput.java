package io.trackstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * (a) The processor app (its exec jar, its own JVM, exactly_once_v2) on realistic raw events already in the topics,
 * against a byte-array Kafka Streams passthrough of the same raw topic on the same broker, partitions, guarantee,
 * threads and commit interval, measured before and after the processor. Between them run the state baselines
 * ({@link StateBaselineWorker}: what one store, then two with a repartition, cost on their own) and the dataflow
 * floor ({@link DataflowFloorWorker}: the processor's topology on bytes). The processor's work ends when its input
 * is committed and its last outputs are visible to read_committed consumers: one auto-close request per non-Shopify
 * shipment (all shipments end DELIVERED). Afterwards, outside the timing, the status changes are checked: exactly
 * one DELIVERED change per shipment.
 */
final class ProcessorThroughput {

    static final String RAW = TopicNames.defaults().raw();
    static final String REGISTRATIONS = TopicNames.defaults().registrations();
    static final String STATUS_CHANGES = TopicNames.defaults().statusChanges();
    static final String AUTO_CLOSE = TopicNames.defaults().autoClose();
    private static final String STREAMS_PROPERTY = "spring.kafka.streams.properties.";
    /** The same input for the dataflow floor, with its header, so the passthrough and the processor read no headers. */
    private static final String FLOOR_RAW = "bench.floor.raw";
    private static final String FLOOR_REGISTRATIONS = "bench.floor.registrations";

    private ProcessorThroughput() {
    }

    static void run(BenchOptions options, Report report) throws Exception {
        report.section("(a) processor throughput vs byte-array passthrough");
        try (BenchStack stack = BenchStack.start(options, 'a')) {
            long genStart = System.nanoTime();
            // On two cores the JIT compiles for most of a minute (C2 at one full core, measured with JFR); a production
            // processor runs for days, so the rate is measured on the events after a warm-up of half as many again.
            int warmup = options.events() / 2;
            RawEventLoad load = RawEventLoad.generate(options.events() + warmup, RAW, REGISTRATIONS, FLOOR_RAW, FLOOR_REGISTRATIONS,
                    stack.serdeConfig(), 42);
            report.info("load: %,d raw events (%.0f%% duplicates), %,d shipments of 1-3 parcels, %,d registrations; generated in %.1f s;"
                            + " the first %,d events (by offset, per partition) warm up the JVMs and are not counted",
                    load.events.size(), 100 * load.duplicateShare(), load.shipments, load.registrations.size(), (System.nanoTime() - genStart) / 1e9,
                    warmup);
            double producedRate = stack.produce(load.registrations);
            producedRate = stack.produce(load.events);
            report.info("produced to %s (%d partitions) at %,.0f records/s", RAW, options.partitions(), producedRate);
            stack.createTopic(FLOOR_REGISTRATIONS);
            stack.createTopic(FLOOR_RAW);
            stack.produce(load.floorRegistrations);
            stack.produce(load.floorEvents);

            double before = passthrough(stack, options, "1", warmup, report);
            double oneStore = stateBaseline(stack, options, "one-store", load, warmup, report);
            double twoStores = stateBaseline(stack, options, "two-stores", load, warmup, report);
            GroupProgress.Result floor = dataflowFloor(stack, options, load, warmup, report);
            GroupProgress.Result processor = processor(stack, options, load, warmup, report);
            double after = passthrough(stack, options, "2", warmup, report);
            verify(stack, load, report);

            double baseline = (before + after) / 2;
            double ratio = processor.perSecond() / baseline;
            report.figure("(a) processor: %,.0f raw events/s (%,d events in %.2f s, %d stream threads, exactly_once_v2); %s",
                    processor.perSecond(), processor.counted(), processor.nanos() / 1e9, options.streamThreads(), processor.cpu());
            report.figure("(a) bytes written by the processor: %s", bytesWritten(stack, topic -> !topic.startsWith("bench")
                    && !topic.startsWith("__") && !topic.equals(RAW) && !topic.equals(REGISTRATIONS)));
            report.figure("(a) bytes written by the dataflow floor: %s", bytesWritten(stack, topic -> (topic.startsWith("bench-dataflow-floor-")
                    || topic.startsWith("bench.floor.")) && !topic.equals(FLOOR_RAW) && !topic.equals(FLOOR_REGISTRATIONS)));
            report.figure("(a) passthrough baseline: %,.0f events/s before, %,.0f after, mean %,.0f", before, after, baseline);
            report.figure("(a) state alone (the passthrough plus, per event, a read and write of its entry in a cached, changelogged"
                            + " store): one store %,.0f events/s, %.2f of the passthrough; two stores with a repartition between them"
                            + " %,.0f events/s, %.2f", oneStore, oneStore / baseline, twoStores, twoStores / baseline);
            report.figure("(a) dataflow floor (the processor's stores, repartitions and sinks, bytes only): %,.0f raw events/s; %s",
                    floor.perSecond(), floor.cpu());
            report.figure("(a) ratio processor / passthrough: %.2f; dataflow floor / passthrough: %.2f; processor / dataflow floor: %.2f",
                    ratio, floor.perSecond() / baseline, processor.perSecond() / floor.perSecond());
            report.target("processor >= 50% of passthrough", ratio >= 0.5, String.format("%.0f%%", 100 * ratio));
        }
    }

    private static double passthrough(BenchStack stack, BenchOptions options, String run, long warmup, Report report) throws Exception {
        return baseline(stack, options, "passthrough", List.of(), "bench-passthrough-" + run, "passthrough " + run, 0, warmup, report);
    }

    /**
     * {@link StateBaselineWorker} ({@code one-store} or {@code two-stores}) until every event is in its output (the
     * two-store one writes it in a later transaction than the one committing its input).
     */
    private static double stateBaseline(BenchStack stack, BenchOptions options, String variant, RawEventLoad load, long warmup,
                                        Report report) throws Exception {
        return baseline(stack, options, "state-baseline", List.of(variant), "bench-" + variant, variant.replace('-', ' '),
                load.events.size(), warmup, report);
    }

    /**
     * A baseline worker that takes {@code leadingArgs}, then {@link PassthroughWorker}'s arguments, until its input is
     * committed and {@code outputs} records are in its output: its events/s over the counted events.
     */
    private static double baseline(BenchStack stack, BenchOptions options, String worker, List<String> leadingArgs, String app,
                                   String label, long outputs, long warmup, Report report) throws Exception {
        String out = app.replace('-', '.') + ".out";
        stack.createTopic(out);
        Path state = stack.dir.resolve("state-" + app);
        Map<String, String> clients = passthroughClientSettings(options);
        List<String> args = new ArrayList<>(leadingArgs);
        args.addAll(List.of(stack.bootstrap(), app, RAW, out, Integer.toString(options.streamThreads()),
                clients.remove("commit.interval.ms"), state.toString()));
        clients.forEach((key, value) -> args.add(key + "=" + value));
        // only where needed: a reader of the output is load on the broker the passthrough has always run without
        try (OutputCounter written = outputs > 0 ? new OutputCounter(stack, out) : null;
             ChildJvm child = ChildJvm.start(options.appHeap(), stack.dir.resolve("logs").resolve(app + ".log"), worker, args)) {
            GroupProgress.Result result = GroupProgress.await(stack, app, List.of(RAW), RAW, () -> written == null || written.count() >= outputs,
                    child::alive, child.pid(), warmup, Duration.ofMinutes(20));
            report.info("%s: %,.0f events/s (%,d events in %.2f s); %s", label, result.perSecond(), result.counted(),
                    result.nanos() / 1e9, result.cpu());
            return result.perSecond();
        }
    }

    /**
     * The processor's dataflow with none of its work ({@link DataflowFloorWorker}), on the same input, until every
     * shipment has its auto-close: how fast this shape of topology runs here when the processor's code costs nothing.
     */
    private static GroupProgress.Result dataflowFloor(BenchStack stack, BenchOptions options, RawEventLoad load, long warmup,
                                                      Report report) throws Exception {
        String app = "bench-dataflow-floor";
        String out = "bench.floor";
        for (String topic : List.of(DataflowFloorWorker.SHIPMENTS, DataflowFloorWorker.STATUS_CHANGES, DataflowFloorWorker.POLL_TARGETS,
                DataflowFloorWorker.AUTO_CLOSE)) {
            stack.createTopic(out + "." + topic);
        }
        Map<String, String> clients = passthroughClientSettings(options);
        List<String> args = new ArrayList<>(List.of(stack.bootstrap(), app, FLOOR_RAW, FLOOR_REGISTRATIONS, out, Integer.toString(options.streamThreads()),
                clients.remove("commit.interval.ms"), stack.dir.resolve("state-" + app).toString()));
        clients.forEach((key, value) -> args.add(key + "=" + value));
        Path jfr = Path.of("benchmarks", "target", "dataflow-floor-a.jfr").toAbsolutePath();
        List<String> jvm = options.profile() ? List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true") : List.of();
        try (OutputCounter autoClose = new OutputCounter(stack, out + "." + DataflowFloorWorker.AUTO_CLOSE);
             ChildJvm worker = ChildJvm.start(options.appHeap(), jvm, stack.dir.resolve("logs").resolve(app + ".log"), "dataflow-floor", args)) {
            GroupProgress.Result result = GroupProgress.await(stack, app, List.of(FLOOR_RAW, FLOOR_REGISTRATIONS), FLOOR_RAW,
                    () -> autoClose.count() >= load.shipments, worker::alive, worker.pid(), warmup, Duration.ofMinutes(20));
            report.info("dataflow floor: %,.0f raw events/s (%,d events in %.2f s); %s; RSS %d MB", result.perSecond(), result.counted(),
                    result.nanos() / 1e9, result.cpu(), Machine.rssMb(worker.pid()));
            return result;
        }
    }

    /**
     * The Kafka client settings the processor runs with (its application.yml, then any {@code --set
     * spring.kafka.streams.properties.*}), so the baseline differs from it only in what it does with a record.
     */
    static Map<String, String> passthroughClientSettings(BenchOptions options) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(Apps.PROCESSOR_CLIENT_SETTINGS);
        for (String setting : options.processorSettings()) {
            if (setting.startsWith(STREAMS_PROPERTY)) {
                int eq = setting.indexOf('=');
                settings.put(setting.substring(STREAMS_PROPERTY.length(), eq), setting.substring(eq + 1));
            }
        }
        settings.remove("num.stream.threads"); // --stream-threads sets both
        settings.remove("processing.guarantee"); // exactly_once_v2 for both
        return settings;
    }

    private static GroupProgress.Result processor(BenchStack stack, BenchOptions options, RawEventLoad load, long warmup, Report report)
            throws Exception {
        List<String> jvm = new ArrayList<>();
        Path jfr = Path.of("benchmarks", "target", "processor-a.jfr").toAbsolutePath();
        if (options.profile()) {
            jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        try (OutputCounter autoClose = new OutputCounter(stack, AUTO_CLOSE);
             AppProcess processor = Apps.processor(stack, options, options.port('a', 10), stack.dir.resolve("state-processor"), jvm).start()) {
            GroupProgress.Result result = GroupProgress.await(stack, Apps.PROCESSOR_APPLICATION_ID, List.of(RAW, REGISTRATIONS), RAW,
                    () -> autoClose.count() >= load.autoClosed, processor::alive, processor.pid(), warmup,
                    Duration.ofMinutes(30));
            report.info("processor: %,.0f raw events/s (%,d events in %.2f s); %s; RSS %d MB (peak %d MB)",
                    result.perSecond(), result.counted(), result.nanos() / 1e9, result.cpu(),
                    Machine.rssMb(processor.pid()), Machine.peakRssMb(processor.pid()));
            report.info("processor's stream threads at the end: %s", Apps.commitMetrics(processor));
            if (options.profile()) {
                report.info("JFR profile of the processor: %s (jfr print --events jdk.ExecutionSample ...)", jfr);
            }
            return result;
        }
    }

    /** Outside the timing: every shipment DELIVERED exactly once, every non-Shopify shipment auto-closed once. */
    private static void verify(BenchStack stack, RawEventLoad load, Report report) throws Exception {
        SpecificAvroDeserializer<ShipmentStatusChanged> changes = new SpecificAvroDeserializer<>(ShipmentStatusChanged.class);
        changes.configure(stack.serdeConfig(), false);
        Map<String, Integer> delivered = new HashMap<>();
        long statusChanges = read(stack, STATUS_CHANGES, r -> {
            ShipmentStatusChanged change = changes.deserialize(STATUS_CHANGES, r.value());
            if (change.getTo() == ShipmentStatus.DELIVERED) {
                delivered.merge(change.getShipmentId(), 1, Integer::sum);
            }
        });
        long autoCloses = read(stack, AUTO_CLOSE, r -> { });
        long deliveredTwice = delivered.values().stream().filter(n -> n > 1).count();
        boolean ok = delivered.size() == load.shipments && deliveredTwice == 0 && autoCloses == load.autoClosed;
        report.figure("(a) check: %,d status changes; %,d of %,d shipments DELIVERED (%d twice); %,d auto-close requests for %,d non-Shopify shipments: %s",
                statusChanges, delivered.size(), load.shipments, deliveredTwice, autoCloses, load.autoClosed, ok ? "OK" : "MISMATCH");
    }

    /** Reads a whole topic (read_committed) up to its end offsets, which it must reach within two minutes. */
    private static long read(BenchStack stack, String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, Long> end = stack.endOffsets(List.of(topic));
        long count = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = stack.committedReader(topic)) {
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end offsets " + end + " in 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    each.accept(r);
                    count++;
                }
            }
        }
        return count;
    }

    /** Bytes in the broker's logs per topic an app writes (outputs, changelogs, repartitions), largest first. */
    private static String bytesWritten(BenchStack stack, java.util.function.Predicate<String> written) throws Exception {
        Map<String, Long> bytes = new HashMap<>();
        stack.admin.describeLogDirs(List.of(1)).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(dir ->
                dir.replicaInfos().forEach((tp, info) -> bytes.merge(tp.topic(), info.size(), Long::sum))));
        return bytes.entrySet().stream()
                .filter(e -> written.test(e.getKey()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format("%s %,d MB", e.getKey().replace(Apps.PROCESSOR_APPLICATION_ID + "-", "")
                        .replace("bench-dataflow-floor-", ""), e.getValue() >> 20))
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }
}
