package io.trackstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.trackstream.bench.EndToEndLatency.ChangeWatcher;
import io.trackstream.bench.EndToEndLatency.Planned;
import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.common.TopicPartition;

/**
 * (g) Failover of a processor instance: three processors (one stream thread each, a dead member noticed after
 * {@code session.timeout.ms} = 10 s) under a fixed webhook load; the instance holding the most partitions of
 * {@code tracking.raw.v1} is killed with SIGKILL. Measured from the kill: <b>reassigned</b> (no member of the victim
 * left in the group, its raw partitions held by the others) and <b>processing again</b> (the committed offset of each
 * of those partitions with events waiting has moved). Run with {@code num.standby.replicas=1} (the fault suite's
 * setting, the baseline) and then with 0, each on a fresh stack, in the same run. Checked: every shipment shows the
 * status change of its last accepted webhook (nothing lost across the failover).
 */
final class Failover {

    private static final String RAW = TopicNames.defaults().raw();
    private static final int PROCESSORS = 3;
    private static final String FORWARDING_SECRET = "bench-forwarding-secret";
    /** Generous: the survivors restore and catch up on two shared cores. */
    private static final Duration SETTLED = Duration.ofMinutes(4);

    private Failover() {
    }

    /** One kill and what the load after it gave. */
    record Result(String victim, int partitions, int waiting, long reassignedMillis, long processingMillis, int changes, int shipments,
                  int missing, long refused) {
        @Override
        public String toString() {
            return String.format("%s killed holding %d partitions of %s (%d with events waiting): reassigned after %d ms, processing again after %d ms;"
                    + " %,d status changes seen; %,d shipments, %d without the change of their last accepted webhook; %d webhooks refused",
                    victim, partitions, RAW, waiting, reassignedMillis, processingMillis, changes, shipments, missing, refused);
        }
    }

    /** Per shipment of the plan, the status change its last accepted webhook leads to. */
    private static Map<String, String> lastAcceptedChanges(List<Planned> plan, long[] acceptedAt) {
        Map<String, Planned> last = new LinkedHashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            if (acceptedAt[i] > 0) {
                last.merge(p.trackingRef(), p, (a, b) -> a.step() >= b.step() ? a : b);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        last.forEach((ref, p) -> out.put(ref, p.changeKey()));
        return out;
    }

    private static int missing(ChangeWatcher changes, Map<String, String> expected) {
        return (int) expected.values().stream().filter(key -> changes.seenAt(key) == null).count();
    }

    static void run(BenchOptions options, Report report) throws Exception {
        report.section("(g) failover: a processor of three killed with SIGKILL under load, with and without a standby");
        Map<Integer, List<Result>> results = new LinkedHashMap<>();
        for (int run = 0; run < options.failoverRuns(); run++) {
            for (int standbys : new int[] {1, 0}) {
                // Each stack on ports of its own: this JVM's schema registry client (and its ids) is cached per URL.
                char ports = (char) ('g' + 2 * run + (1 - standbys));
                Result result = once(options, standbys, ports);
                report.info("num.standby.replicas=%d, run %d: %s", standbys, run + 1, result);
                results.computeIfAbsent(standbys, k -> new ArrayList<>()).add(result);
            }
        }
        report.figure("(g) 3 processors, %d partitions, 1 stream thread each, session.timeout.ms=10000; %d raw events/s for %d s, the kill at a quarter",
                options.partitions(), options.failoverRate(), options.failoverSeconds());
        results.forEach((standbys, list) -> report.figure("(g) num.standby.replicas=%d%s: reassigned %s ms; processing again %s ms",
                standbys, standbys == 1 ? " (the fault suite's setting, the baseline)" : "",
                list.stream().map(r -> Long.toString(r.reassignedMillis())).collect(Collectors.joining(", ")),
                list.stream().map(r -> Long.toString(r.processingMillis())).collect(Collectors.joining(", "))));
        int missing = results.values().stream().flatMap(List::stream).mapToInt(Result::missing).sum();
        report.target("nothing lost across the failovers", missing == 0, missing + " shipments without their last status change");
    }

    private static Result once(BenchOptions options, int standbys, char ports) throws Exception {
        List<Planned> warmPlan = EndToEndLatency.plan(options.failoverRate(), 20, 0);
        int warmShipments = EndToEndLatency.shipmentsIn(warmPlan);
        List<Planned> plan = EndToEndLatency.plan(options.failoverRate(), options.failoverSeconds(), warmShipments);
        int shipments = EndToEndLatency.shipmentsIn(plan);
        List<AppProcess> processors = new ArrayList<>();
        // The processors stop before the broker (resources close in reverse order), so they leave the group promptly.
        try (BenchStack stack = BenchStack.start(options, ports);
             AppProcess ingest = Apps.ingest(stack, options, options.port(ports, 10)).start();
             ChangeWatcher changes = new ChangeWatcher(stack);
             AutoCloseable stopProcessors = () -> AppProcess.closeAll(processors)) {
            for (int i = 0; i < PROCESSORS; i++) {
                processors.add(processor(stack, options, i, standbys, ports).start());
            }
            EndToEndLatency.register(stack, shipments);
            Apps.awaitHealthy(ingest);
            Apps.awaitHealthy(processors.toArray(AppProcess[]::new));
            EndToEndLatency.awaitChanges(changes, shipments, SETTLED, "create the " + shipments + " shipments"); // PENDING each
            EndToEndLatency.warmUp(ingest, changes, warmPlan, shipments);
            int before = changes.count();

            long[] acceptedAt = new long[plan.size()];
            AtomicLong refused = new AtomicLong();
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                try {
                    EndToEndLatency.send(ingest, plan, acceptedAt, new long[plan.size()], new long[plan.size()], new Latencies(), refused);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(options.failoverSeconds() * 1000L / 4); // the kill at a quarter of the load, by the schedule
            Kill kill = killOne(stack, processors);
            load.get();
            // Each shipment's last accepted step must show: while a partition waits for its new owner, its backlog is
            // applied in fewer flushes, so earlier steps of a shipment may merge into one change (not a loss).
            Map<String, String> last = lastAcceptedChanges(plan, acceptedAt);
            long deadline = System.nanoTime() + SETTLED.toNanos();
            while (missing(changes, last) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500); // polling the watcher's map at a fixed pace
            }
            return new Result(kill.victim(), kill.partitions(), kill.waiting(), kill.reassignedMillis(), kill.processingMillis(),
                    changes.count() - before, last.size(), missing(changes, last), refused.get());
        }
    }

    /** The victim of a kill, its raw partitions (and how many had events waiting), and the two times. */
    private record Kill(String victim, int partitions, int waiting, long reassignedMillis, long processingMillis) {
    }

    private static Kill killOne(BenchStack stack, List<AppProcess> processors) throws Exception {
        Map<AppProcess, Set<TopicPartition>> raw = new LinkedHashMap<>();
        stack.assignments(Apps.PROCESSOR_APPLICATION_ID).forEach((client, partitions) -> processors.stream()
                .filter(p -> client.startsWith(p.name() + "-")).findFirst()
                .ifPresent(p -> raw.computeIfAbsent(p, k -> new HashSet<>())
                        .addAll(partitions.stream().filter(tp -> tp.topic().equals(RAW)).toList())));
        AppProcess victim = raw.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
        Set<TopicPartition> partitions = raw.get(victim);

        long t0 = System.nanoTime();
        victim.kill();
        Map<TopicPartition, Long> committedAtKill = stack.committed(Apps.PROCESSOR_APPLICATION_ID);
        long deadline = t0 + SETTLED.toNanos();
        while (true) {
            Map<String, Set<TopicPartition>> members = stack.assignments(Apps.PROCESSOR_APPLICATION_ID);
            boolean victimGone = members.keySet().stream().noneMatch(c -> c.startsWith(victim.name() + "-"));
            Set<TopicPartition> held = members.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
            if (victimGone && held.containsAll(partitions)) {
                break;
            }
            awaitStep(deadline, "the partitions of " + victim.name() + " to be reassigned");
        }
        long reassigned = (System.nanoTime() - t0) / 1_000_000;
        Map<TopicPartition, Long> ends = stack.endOffsets(List.of(RAW));
        List<TopicPartition> waiting = partitions.stream().filter(tp -> ends.get(tp) > committedAtKill.getOrDefault(tp, 0L)).toList();
        while (true) {
            Map<TopicPartition, Long> committed = stack.committed(Apps.PROCESSOR_APPLICATION_ID);
            if (waiting.stream().allMatch(tp -> committed.getOrDefault(tp, 0L) > committedAtKill.getOrDefault(tp, 0L))) {
                break;
            }
            awaitStep(deadline, "the partitions of " + victim.name() + " to be processed again");
        }
        long processing = (System.nanoTime() - t0) / 1_000_000;
        return new Kill(victim.name(), partitions.size(), waiting.size(), reassigned, processing);
    }

    private static void awaitStep(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Waited " + SETTLED.toMinutes() + " minutes for " + what);
        }
        Thread.sleep(200); // polling the broker's admin API at a fixed pace
    }

    /** Processor {@code index} of three: its own state directory, client id and application server; the shared secret. */
    private static AppProcess processor(BenchStack stack, BenchOptions options, int index, int standbys, char ports) {
        String name = "processor-" + (index + 1);
        int port = options.port(ports, 11 + index);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.kafka.streams.properties.num.standby.replicas", standbys);
        settings.put("spring.kafka.streams.properties.num.stream.threads", 1);
        settings.put("spring.kafka.streams.properties.session.timeout.ms", 10_000);
        settings.put("spring.kafka.streams.properties.heartbeat.interval.ms", 2_000);
        settings.put("spring.kafka.streams.client-id", name);
        settings.put("trackstream.processor.application-server", "127.0.0.1:" + port);
        settings.put("trackstream.processor.forwarding.secret", FORWARDING_SECRET);
        return Apps.processor(stack, options, port, stack.dir.resolve(name + "-state"), List.of(), name, settings);
    }
}
