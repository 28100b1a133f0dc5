package io.trackstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.testkit.stack.AppProcess;

/**
 * The trackstream apps as they are deployed: their Boot exec jars, each in its own JVM, configured only through
 * Spring properties. JVM options are the production kind (G1, full JIT), not the local stack's quick-start ones.
 */
final class Apps {

    static final String WEBHOOK_SECRET = "bench-shiplemon-secret";
    static final String PROCESSOR_APPLICATION_ID = "trackstream-processor";
    /** The processor's health endpoint shows the Streams state to this token (OPERATE scope) only. */
    static final String OPERATOR_TOKEN = "app_bench_operator";
    /**
     * The Kafka client settings of processor/src/main/resources/application.yml ({@code spring.kafka.streams.properties}),
     * which the passthrough baseline runs with too. Keep the two equal.
     */
    static final Map<String, String> PROCESSOR_CLIENT_SETTINGS = Map.of(
            "commit.interval.ms", "100",
            "statestore.cache.max.bytes", "33554432",
            "compression.type", "lz4");

    private Apps() {
    }

    static Path jar(String module) {
        Path jar = Path.of(module, "target", module + "-0.1.0-SNAPSHOT-exec.jar").toAbsolutePath();
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException(jar + " is missing: run benchmarks/run.sh (it builds the apps first)");
        }
        return jar;
    }

    static List<String> jvmOptions(List<String> extra) {
        List<String> options = new ArrayList<>(List.of("-XX:+UseG1GC", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        options.addAll(extra);
        return options;
    }

    static AppProcess processor(BenchStack stack, BenchOptions options, int port, Path stateDir, List<String> extraJvm) {
        return processor(stack, options, port, stateDir, extraJvm, "processor", Map.of());
    }

    /**
     * @param name  the log file's name (a part that starts the processor several times keeps each start's log)
     * @param extra Spring properties of this start (the {@code --set} ones still win)
     */
    static AppProcess processor(BenchStack stack, BenchOptions options, int port, Path stateDir, List<String> extraJvm, String name,
                                Map<String, Object> extra) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.kafka.bootstrap-servers", stack.bootstrap());
        props.put("spring.kafka.streams.application-id", PROCESSOR_APPLICATION_ID);
        props.put("spring.kafka.streams.state-dir", stateDir.toString());
        props.put("spring.kafka.streams.properties.num.stream.threads", Integer.toString(options.streamThreads()));
        props.put("trackstream.schema-registry-url", stack.broker.schemaRegistryUrl());
        // Health details (the Streams state) are shown to an OPERATE token only.
        props.put("trackstream.security.app-tokens[0].token", OPERATOR_TOKEN);
        props.put("trackstream.security.app-tokens[0].tenant", "bench");
        props.put("trackstream.security.app-tokens[0].scopes", "OPERATE");
        props.put("logging.level.org.apache.kafka.streams.processor.internals.StoreChangelogReader", "INFO");
        props.put("logging.level.io.trackstream.processor.metrics.ShipmentStatusGauge", "DEBUG");
        props.putAll(extra);
        for (String setting : options.processorSettings()) {
            props.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        return new AppProcess(name, jar("processor"), port, props, stack.dir.resolve("logs"), options.appHeap(), jvmOptions(extraJvm));
    }

    static AppProcess ingest(BenchStack stack, BenchOptions options, int port) {
        return ingest(stack, options, port, List.of());
    }

    static AppProcess ingest(BenchStack stack, BenchOptions options, int port, List<String> extraJvm) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.kafka.bootstrap-servers", stack.bootstrap());
        props.put("trackstream.schema-registry-url", stack.broker.schemaRegistryUrl());
        props.put("trackstream.ingest.webhooks.shiplemon.secret", WEBHOOK_SECRET);
        // (c) signs ~9,000 webhooks/s, each remembered for the 5-minute replay window: room for all of them
        // (about 135 bytes each), so the replay guard is measured, not refusing with 503 past its default 500,000.
        props.put("trackstream.ingest.replay-cache.max-entries", 3_000_000);
        return new AppProcess("webhook-ingest", jar("webhook-ingest"), port, props, stack.dir.resolve("logs"), options.appHeap(), jvmOptions(extraJvm));
    }

    static void awaitHealthy(AppProcess... apps) {
        for (AppProcess app : apps) {
            app.awaitHealthy(Duration.ofMinutes(3));
        }
    }

    /** Kafka Streams' own commit figures of each stream thread (a status change waits for two commits). */
    static String commitMetrics(AppProcess processor) {
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            String text = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(processor.url("/actuator/prometheus"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            StringBuilder out = new StringBuilder();
            for (String metric : List.of("kafka_stream_thread_commit_rate", "kafka_stream_thread_commit_total",
                    "kafka_stream_thread_commit_latency_avg",
                    "kafka_stream_thread_commit_latency_max", "kafka_stream_thread_process_ratio", "kafka_stream_thread_commit_ratio")) {
                text.lines().filter(l -> l.startsWith(metric + "{")).forEach(l -> out.append(out.isEmpty() ? "" : "; ")
                        .append(metric.replace("kafka_stream_thread_", "")).append(' ')
                        .append(l.replaceAll(".*thread_id=\"[^\"]*(StreamThread-\\d+)\".*\\} ", "$1 ")));
            }
            return out.isEmpty() ? "no stream-thread metrics exported" : out.toString();
        } catch (java.io.IOException | RuntimeException e) {
            return "metrics not read: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "metrics not read: interrupted";
        }
    }
}
