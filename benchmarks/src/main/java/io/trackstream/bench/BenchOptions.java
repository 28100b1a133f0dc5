package io.trackstream.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's command line. Every figure it prints depends on these, so they are printed with the results.
 *
 * @param events           (a) raw events of the realistic load
 * @param partitions       partitions of every topic
 * @param streamThreads    num.stream.threads of the processor and of the passthrough baseline (the same for both)
 * @param rate             (b) offered raw events per second through webhook-ingest
 * @param latencySeconds   (b) how long the fixed rate is offered (after the warm-up)
 * @param warmupSeconds    (b) warm-up load, on shipments of its own, applied before the measured window starts
 * @param ingestWarmupSeconds (c) load before the measured window, not counted
 * @param connections      (c) concurrent connections of the load client
 * @param ingestSeconds    (c) measured window of the ingest load
 * @param ingestRate       (c) requests per second offered by the load client; 0 for as fast as the connections go
 * @param shipments        (d) shipments in the store that is restored
 * @param parcels          (e) stored parcels re-derived after a mapping change (1 % of them change status)
 * @param pollParcels      (f) parcels polled for a day
 * @param failoverRate     (g) offered raw events per second while a processor is killed
 * @param failoverSeconds  (g) how long that load is offered (the kill at a quarter of it)
 * @param failoverRuns     (g) kills with each standby setting, each on a fresh stack
 * @param parts            which benchmarks to run, any of "abcdefg"
 * @param basePort         first of the ports the run uses (broker, registry, apps)
 * @param appHeap          -Xmx of every child JVM (processor, ingest, passthrough, load client)
 * @param profile          record JFR profiles of the processor and the dataflow floor in (a) and webhook-ingest in (c)
 * @param processorSettings extra Spring properties (key=value) for the processor, for experiments; printed
 */
record BenchOptions(int events, int partitions, int streamThreads, int rate, int latencySeconds, int warmupSeconds, int ingestWarmupSeconds,
                    int connections, int ingestSeconds, int ingestRate, int shipments, int parcels, int pollParcels, int failoverRate,
                    int failoverSeconds, int failoverRuns, String parts, int basePort,
                    String appHeap, boolean profile, java.util.List<String> processorSettings) {

    static final String USAGE = """
            Usage: benchmarks/run.sh [options]
              --events N            (a) raw events of the load (default 1000000)
              --partitions N        partitions of every topic (default 4)
              --stream-threads N    num.stream.threads of processor and passthrough (default 2)
              --rate N              (b) offered raw events/s through webhook-ingest (default 1000)
              --latency-seconds N   (b) measured seconds at that rate (default 60)
              --warmup-seconds N    (b) warm-up before the measured window (default 120: the JVMs compile for minutes on 2 cores)
              --ingest-warmup-seconds N  (c) unmeasured warm-up (default 120)
              --connections N       (c) concurrent connections of the load client (default 64)
              --ingest-seconds N    (c) measured seconds of ingest load (default 30)
              --ingest-rate N       (c) offered requests/s, 0 = as fast as the connections go (default 0)
              --shipments N         (d) shipments in the restored store (default 1000000)
              --parcels N           (e) stored parcels re-derived after a mapping change, 1 % changing (default 1000000)
              --poll-parcels N      (f) parcels polled 48 times in the simulated day (default 20000)
              --failover-rate N     (g) offered raw events/s while a processor is killed (default 200)
              --failover-seconds N  (g) seconds of that load, the kill at a quarter (default 40)
              --failover-runs N     (g) kills with and without a standby, each on a fresh stack (default 1)
              --parts abcdefg       which benchmarks to run (default abcdefg)
              --base-port N         first port used (default 21000, below the ephemeral range; uses base..base+179, 40 more per further (g) run)
              --app-heap SIZE       -Xmx of each child JVM (default 1g)
              --profile             record JFR profiles: the processor and the dataflow floor in (a), webhook-ingest in (c)
              --set key=value       an extra Spring property of the processor (experiments; repeatable)
            """;

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        boolean profile = false;
        java.util.List<String> settings = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--profile")) {
                profile = true;
            } else if (arg.equals("--set") && i + 1 < args.length && args[i + 1].contains("=")) {
                settings.add(args[++i]);
            } else if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                given.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg + "\n" + USAGE);
            }
        }
        BenchOptions options = new BenchOptions(
                integer(given, "events", 1_000_000), integer(given, "partitions", 4), integer(given, "stream-threads", 2),
                integer(given, "rate", 1000), integer(given, "latency-seconds", 60), integer(given, "warmup-seconds", 120), integer(given, "ingest-warmup-seconds", 120),
                integer(given, "connections", 64), integer(given, "ingest-seconds", 30), integer(given, "ingest-rate", 0),
                integer(given, "shipments", 1_000_000), integer(given, "parcels", 1_000_000),
                integer(given, "poll-parcels", 20_000),
                integer(given, "failover-rate", 200), integer(given, "failover-seconds", 40), integer(given, "failover-runs", 1),
                string(given, "parts", "abcdefg"), integer(given, "base-port", 21000),
                string(given, "app-heap", "1g"), profile, java.util.List.copyOf(settings));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("Unknown options " + given.keySet() + "\n" + USAGE);
        }
        return options;
    }

    boolean runs(char part) {
        return parts.indexOf(part) >= 0;
    }

    /** The ports of one benchmark part, so parts never collide with each other's lingering sockets. */
    int port(char part, int offset) {
        return basePort + (part - 'a' + 1) * 20 + offset;
    }

    private static int integer(Map<String, String> given, String name, int fallback) {
        String value = given.remove(name);
        return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
    }

    private static String string(Map<String, String> given, String name, String fallback) {
        String value = given.remove(name);
        return value == null ? fallback : value;
    }

    @Override
    public String toString() {
        return String.join(" ", Arrays.asList(
                "events=" + events, "partitions=" + partitions, "stream-threads=" + streamThreads, "rate=" + rate,
                "latency-seconds=" + latencySeconds, "warmup-seconds=" + warmupSeconds, "ingest-warmup-seconds=" + ingestWarmupSeconds, "connections=" + connections,
                "ingest-seconds=" + ingestSeconds, "ingest-rate=" + ingestRate, "shipments=" + shipments, "parcels=" + parcels, "poll-parcels=" + pollParcels,
                "failover-rate=" + failoverRate, "failover-seconds=" + failoverSeconds, "failover-runs=" + failoverRuns,
                "parts=" + parts, "app-heap=" + appHeap, "profile=" + profile, "processor-settings=" + processorSettings));
    }
}
