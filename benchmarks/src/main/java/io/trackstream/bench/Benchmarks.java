package io.trackstream.bench;

import java.util.Arrays;

/**
 * trackstream's benchmarks, on a real KRaft broker started by this process, with the apps as their own JVMs from
 * their exec jars, each figure beside a baseline measured in the same run and its target (BENCHMARKS.md):
 * (a) processor throughput against a byte-array passthrough, (b) end-to-end latency from webhook accepted to status
 * change at a fixed rate, (c) webhook-ingest under concurrent load from a second process, (d) restoring a store of
 * a million shipments, (e) re-deriving a million stored parcels after a mapping change while (b)'s load runs, (f) raw
 * events a day of polling publishes with and without skipping histories the processor holds (in process, no broker),
 * (g) the failover of a killed processor instance of three, with a standby replica and without. Usage:
 * {@code benchmarks/run.sh [options]} ({@code --help}).
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args[1], Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Report();
        report.figure("trackstream benchmarks: %s", options);
        report.figure("%s", Machine.describe());
        report.figure("child JVMs (apps, passthrough, load client): -Xmx%s -XX:+UseG1GC, %s", options.appHeap(), System.getProperty("java.version"));
        long start = System.nanoTime();
        if (options.runs('a')) {
            ProcessorThroughput.run(options, report);
        }
        if (options.runs('b')) {
            EndToEndLatency.run(options, report);
        }
        if (options.runs('c')) {
            IngestLoad.run(options, report);
        }
        if (options.runs('d')) {
            StateRestore.run(options, report);
        }
        if (options.runs('e')) {
            Rederivation.run(options, report);
        }
        if (options.runs('f')) {
            PollSkip.run(options.pollParcels(), report);
        }
        if (options.runs('g')) {
            Failover.run(options, report);
        }
        report.figure("finished in %.0f s; load average at the end %s", (System.nanoTime() - start) / 1e9, Machine.loadAverage());
        report.printSummary();
        System.exit(0);
    }

    private static void worker(String name, String[] args) throws Exception {
        switch (name) {
            case "passthrough" -> PassthroughWorker.main(args);
            case "state-baseline" -> StateBaselineWorker.main(args);
            case "dataflow-floor" -> DataflowFloorWorker.main(args);
            case "ingest-load" -> IngestLoadClient.main(args);
            default -> throw new IllegalArgumentException("Unknown worker " + name);
        }
    }
}
