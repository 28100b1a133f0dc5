package io.trackstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * (c) webhook-ingest (its own JVM) under concurrent load from a second process ({@link IngestLoadClient}), then
 * every 202 checked against tracking.raw.v1: each accepted webhook's parcel must be there with all its events.
 */
final class IngestLoad {

    private static final String RAW = TopicNames.defaults().raw();

    private IngestLoad() {
    }

    static void run(BenchOptions options, Report report) throws Exception {
        report.section("(c) webhook-ingest under concurrent load");
        try (BenchStack stack = BenchStack.start(options, 'c');
             AppProcess ingest = Apps.ingest(stack, options, options.port('c', 10), options.profile()
                     ? List.of("-XX:StartFlightRecording=filename=" + Path.of("benchmarks", "target", "webhook-ingest-c.jfr").toAbsolutePath()
                             + ",settings=profile,dumponexit=true")
                     : List.of()).start()) {
            Apps.awaitHealthy(ingest);
            Path summaryFile = stack.dir.resolve("ingest-load-summary.properties");
            Path acceptedFile = stack.dir.resolve("ingest-load-accepted.txt");
            long ingestCpu = Machine.cpuMillis(ingest.pid());
            long clientCpu;
            long brokerCpu = Machine.cpuMillis(ProcessHandle.current().pid());
            long wall = System.nanoTime();
            try (ChildJvm client = ChildJvm.start(options.appHeap(), stack.dir.resolve("logs").resolve("ingest-load-client.log"), "ingest-load",
                    List.of(Integer.toString(options.port('c', 10)), Integer.toString(options.connections()),
                            Integer.toString(options.ingestWarmupSeconds()), Integer.toString(options.ingestSeconds()),
                            Integer.toString(options.ingestRate()), summaryFile.toString(), acceptedFile.toString()))) {
                long limit = options.ingestWarmupSeconds() + options.ingestSeconds() + 120;
                long clientPid = client.pid();
                long clientCpuStart = Machine.cpuMillis(clientPid);
                long lastClientCpu = clientCpuStart;
                while (!client.await(1)) {
                    lastClientCpu = Math.max(lastClientCpu, Machine.cpuMillis(clientPid));
                    if ((System.nanoTime() - wall) / 1e9 > limit) {
                        throw new IllegalStateException("the load client did not finish in " + limit + " s; see " + client.log);
                    }
                }
                if (client.exitValue() != 0) {
                    throw new IllegalStateException("the load client failed; see " + client.log);
                }
                clientCpu = lastClientCpu - clientCpuStart;
            }
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            ingestCpu = Machine.cpuMillis(ingest.pid()) - ingestCpu;
            brokerCpu = Machine.cpuMillis(ProcessHandle.current().pid()) - brokerCpu;

            Properties summary = new Properties();
            try (var in = Files.newBufferedReader(summaryFile)) {
                summary.load(in);
            }
            long measuredRequests = Long.parseLong(summary.getProperty("requests.measured"));
            double seconds = Double.parseDouble(summary.getProperty("seconds.measured"));
            double throughput = measuredRequests / seconds;
            double p99 = Double.parseDouble(summary.getProperty("p99"));
            List<String> accepted = Files.readAllLines(acceptedFile);
            Check check = check(stack, accepted);

            report.figure("(c) %d connections, %s: %,.0f requests/s over %.0f s after %d s warm-up; latency %s",
                    options.connections(), options.ingestRate() > 0 ? options.ingestRate() + " requests/s offered" : "back to back",
                    throughput, seconds, options.ingestWarmupSeconds(), summary.getProperty("latency"));
            report.figure("(c) answers %s; %,d answered 202 (%d events each)", summary.getProperty("statuses"), accepted.size(), IngestLoadClient.EVENTS_PER_WEBHOOK);
            report.figure("(c) check against %s: %,d records; %,d of %,d accepted webhooks found with all their events, %,d missing; %,d records of webhooks not answered 202",
                    RAW, check.records, check.complete, accepted.size(), check.missing, check.extra);
            report.figure("(c) CPU over %.0f s of wall time (2 cores = %.0f s): webhook-ingest %.1f s, load client %.1f s, broker + benchmark JVM %.1f s",
                    wallSeconds, 2 * wallSeconds, ingestCpu / 1000.0, clientCpu / 1000.0, brokerCpu / 1000.0);
            report.target("ingest >= 5,000 req/s with p99 <= 50 ms", throughput >= 5000 && p99 <= 50 && check.missing == 0,
                    String.format("%,.0f req/s, p99 %.1f ms, %d missing", throughput, p99, check.missing));
        }
    }

    private record Check(long records, long complete, long missing, long extra) {
    }

    private static Check check(BenchStack stack, List<String> accepted) throws Exception {
        Map<TopicPartition, Long> end = stack.endOffsets(List.of(RAW));
        long total = stack.sum(end, RAW); // an idempotent, non-transactional producer: offsets are records
        Map<String, Integer> perKey = new HashMap<>();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = stack.committedReader(RAW)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (read < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    perKey.merge(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), 1, Integer::sum);
                    read++;
                }
            }
        }
        long complete = 0;
        long missing = 0;
        for (String ref : accepted) {
            Integer n = perKey.remove("elta:" + ref);
            if (n != null && n >= IngestLoadClient.EVENTS_PER_WEBHOOK) {
                complete++;
            } else {
                missing++;
            }
        }
        long extra = perKey.values().stream().mapToLong(Integer::longValue).sum();
        return new Check(total, complete, missing, extra);
    }
}
