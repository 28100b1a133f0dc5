package io.trackstream.bench;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.trackstream.local.LocalKafkaBroker;
import org.apache.kafka.clients.admin.Admin;

/**
 * (a) Processor throughput on realistic raw events against a byte-array passthrough on the same broker, partitions
 * and guarantee.
 */
final class ProcessorThroughput {

    private ProcessorThroughput() {
    }

    static void run(LocalKafkaBroker broker, Admin admin, Map<String, String> serde, int events, int partitions) throws Exception {
        Benchmarks.createTopics(admin, partitions, List.of(Benchmarks.RAW, "bench.passthrough.out"), List.of(Benchmarks.REGISTRATIONS));
        RawEventLoad load = RawEventLoad.generate(events, Benchmarks.RAW, Benchmarks.REGISTRATIONS, serde, 42);
        System.out.printf("load: %d raw events (%.0f%% duplicates) for %d shipments%n", load.events.size(), 100 * load.duplicateShare(), load.shipments);
        Benchmarks.produce(broker, load.registrations);
        Benchmarks.produce(broker, load.events);

        long baseline = StreamsRun.timeToDrain(Benchmarks.passthrough(Benchmarks.RAW, "bench.passthrough.out"),
                Benchmarks.streamsProps(broker, "bench-passthrough", Files.createTempDirectory("bench-state")), admin,
                List.of(Benchmarks.RAW), Benchmarks.limit());
        double baselineRate = Benchmarks.perSecond(load.events.size(), baseline);
        System.out.printf("passthrough (byte[], exactly_once_v2): %,.0f events/s%n", baselineRate);
    }
}
