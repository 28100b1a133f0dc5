package io.trackstream.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.trackstream.fault.CarrierTraffic.Parcel;
import io.trackstream.fault.DeliveryChecks.Verdict;
import io.trackstream.testkit.carrier.CarrierSandbox;
import io.trackstream.testkit.carrier.DemoScenario;
import io.trackstream.testkit.carrier.DemoShipment;
import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several instances of every app on 6 partitions: 3 processors, 2 pollers, 2 webhook-ingest instances the load
 * alternates between, 1 notifier. Under load one processor is killed with SIGKILL and started again, then one poller
 * is stopped. Besides the promises of {@link DeliveryChecks}: every polled parcel is called by exactly one poller per
 * cycle before and after the pollers' rebalance (counted at the carrier sandboxes, one per poller), and every live
 * processor answers the read API rightly throughout ({@link ReadApiProbe}), forwarding to the owner of each key. The
 * failover time (kill → the victim's partitions of {@code tracking.raw.v1} processed and committed by the others) is
 * reported; the comparison with and without a standby replica is a benchmark (BENCHMARKS.md, part (g)).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiInstanceFaultIT {

    private static final Logger log = LoggerFactory.getLogger(MultiInstanceFaultIT.class);
    private static final String RAW = TopicNames.defaults().raw();
    /** Generous: two busy cores run a broker and eight app JVMs besides this test. */
    private static final Duration SETTLED = Duration.ofMinutes(4);
    /** The pollers' cycle: Shiplemon every 6 seconds. */
    private static final int POLL_EVERY = 6;

    private FaultStack stack;
    private CarrierTraffic traffic;
    private List<DemoShipment> polled;

    /**
     * Every processor's settings: one standby replica, one stream thread each (two cores), and a dead member noticed
     * after 10 s instead of the default 45 s, which would only add the difference to the failover time.
     */
    private static Map<String, Object> processorSettings() {
        Map<String, Object> settings = new TreeMap<>();
        settings.put("spring.kafka.streams.properties.num.standby.replicas", 1);
        settings.put("spring.kafka.streams.properties.num.stream.threads", 1);
        settings.put("spring.kafka.streams.properties.session.timeout.ms", 10_000);
        settings.put("spring.kafka.streams.properties.heartbeat.interval.ms", 2_000);
        return settings;
    }

    @BeforeAll
    void startTheStack() throws IOException {
        // Speed 1: the polled parcels stay in their first step for the whole run, so they are polled on every cycle.
        DemoScenario scenario = DemoScenario.generate(60, 1, 20, Clock.systemUTC()).begin();
        polled = scenario.polledShipments().stream().filter(s -> s.provider().equals("shiplemon")).toList();
        stack = FaultStack.start(new FaultStack.Layout(6, 3, 2, 2, scenario, POLL_EVERY, processorSettings()));
        traffic = new CarrierTraffic(stack.ingests.stream().map(app -> app.url("")).toArray(String[]::new));
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aProcessorKilledAndAPollerStoppedUnderLoadLoseAndDuplicateNothing() throws Exception {
        List<Parcel> parcels = CarrierTraffic.parcels("scale", 36);
        registerWithOrders(parcels);
        polled.forEach(traffic::registerPolled);
        Set<String> references = polled.stream().map(DemoShipment::providerReference).collect(Collectors.toSet());
        // Polling is steady once every polled parcel has been called and both pollers call.
        await().atMost(SETTLED).until(() -> calledReferences().containsAll(references)
                && stack.carriers.stream().allMatch(c -> !c.calls().isEmpty()));
        Instant steady = Instant.now();

        ReadApiProbe reads = new ReadApiProbe(() -> stack.processors, parcels.stream().map(Parcel::shipmentId).toList());
        int total = parcels.size() * CarrierTraffic.STEPS;
        KillUnderLoad kill = killAProcessorUnderLoad(parcels, 5.0);
        assertThat(kill.underLoad()).as("killed while webhooks were being sent").isTrue();
        Failover failover = kill.failover();
        long t0 = System.nanoTime();
        stack.restart(failover.victim());
        long restartMillis = (System.nanoTime() - t0) / 1_000_000;
        log.info("Processor {} started again and healthy after {} ms", failover.victim().name(), restartMillis);

        // Then one poller stops; the other takes its partitions over.
        Instant stopped = Instant.now();
        AppProcess leaving = stack.pollers.get(1);
        leaving.close();
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, Set<TopicPartition>> members = stack.assignments(FaultStack.POLLER_GROUP);
            return members.size() == 1 && members.values().iterator().next().size() == stack.layout.partitions();
        });
        Instant rebalanced = Instant.now();
        log.info("Poller {} stopped; the other polls every partition after {} ms", leaving.name(), Duration.between(stopped, rebalanced).toMillis());

        kill.load().get();
        Verdict verdict = DeliveryChecks.awaitEverythingDelivered(stack, parcels, SETTLED);

        // Every processor, the restarted one too, answers for every shipment: its own and, forwarded, the others'.
        await().atMost(SETTLED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (AppProcess processor : stack.processors) {
                for (Parcel p : parcels) {
                    assertThat(ReadApiProbe.status(processor, p.shipmentId())).as("%s asked by %s", p.shipmentId(), processor.name())
                            .isEqualTo("DELIVERED");
                }
            }
        });
        reads.close();
        assertThat(reads.wrong).as("wrong answers of the read API").isEmpty();
        assertThat(reads.okBy.keySet()).as("instances that answered 200").containsExactlyInAnyOrderElementsOf(
                stack.processors.stream().map(AppProcess::name).toList());

        // Polls: a cycle after the rebalance needs its targets loaded; then three whole cycles are watched.
        long firstAfter = bucket(rebalanced) + 2;
        await().atMost(SETTLED).until(() -> bucket(Instant.now()) >= firstAfter);
        long rawAtFirst = stack.recordCount(RAW);
        double unchangedAtFirst = unchangedPolls(stack.pollers.get(0));
        await().atMost(SETTLED).until(() -> bucket(Instant.now()) >= firstAfter + 3);
        // The polled histories did not change, and the processor's poll targets carry the digest of what it holds:
        // every poll of the watched cycles is counted unchanged and publishes nothing (issue 21.3, end to end).
        assertThat(stack.recordCount(RAW)).as("raw events published while only unchanged histories were polled").isEqualTo(rawAtFirst);
        assertThat(unchangedPolls(stack.pollers.get(0)) - unchangedAtFirst).as("polls counted unchanged in the watched cycles")
                .isGreaterThanOrEqualTo(2.0 * references.size());
        PollCount polls = countPolls(references, bucket(steady) + 1, bucket(stopped), firstAfter, bucket(Instant.now()));
        assertThat(polls.wrongBefore()).as("parcels not polled exactly once in a cycle before the poller stopped").isEmpty();
        assertThat(polls.wrongAfter()).as("parcels not polled exactly once in a cycle after the rebalance").isEmpty();
        assertThat(polls.doubledBetween()).as("parcels polled twice in a cycle during the rebalance").isEmpty();
        assertThat(polls.cyclesBefore()).as("whole cycles before the poller stopped").isGreaterThanOrEqualTo(2);
        assertThat(polls.pollersBefore()).as("pollers that called before one stopped").isEqualTo(2);
        assertThat(polls.pollersAfter()).as("pollers that called after one stopped").isEqualTo(1);

        Map<String, Integer> alternated = new TreeMap<>();
        traffic.settledBy.forEach((url, n) -> alternated.put(url, n.get()));
        assertThat(alternated.values()).as("answers per webhook-ingest instance").hasSize(2).allSatisfy(n -> assertThat(n).isPositive());
        FaultReport.row("several instances: 3 processors (1 standby), 2 pollers, 2 webhook-ingest; a processor killed, a poller stopped",
                ("%d shipments, %d webhooks acknowledged; requests (registrations and webhooks) answered by each webhook-ingest instance %s; processor %s killed%s: failover %s;"
                        + " restarted to healthy in %d ms; %d polled parcels every %d s: %s; read API: %s; %s")
                        .formatted(parcels.size(), total, alternated.values(), failover.victim().name(), kill.underLoad() ? " under load" : " after the load",
                                failover, restartMillis, references.size(), POLL_EVERY, polls, reads, verdict));
    }

    /** The webhook load, the failover of the processor killed at a quarter of it, and whether the load still ran then. */
    record KillUnderLoad(CompletableFuture<Void> load, Failover failover, boolean underLoad) {
    }

    private KillUnderLoad killAProcessorUnderLoad(List<Parcel> parcels, double perSecond) {
        long before = traffic.sent.get();
        int total = parcels.size() * CarrierTraffic.STEPS;
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> deliver(parcels, perSecond, start));
        await().atMost(SETTLED).until(() -> traffic.sent.get() >= before + total / 4 || load.isDone());
        boolean underLoad = !load.isDone();
        return new KillUnderLoad(load, killOneProcessorAndMeasure(), underLoad);
    }

    /**
     * The failover of a killed processor: from the SIGKILL until the others hold each of its partitions of
     * {@code tracking.raw.v1} (the group noticed), and until each of those partitions with events waiting has its
     * committed offset moved (processed again, the results committed).
     */
    record Failover(AppProcess victim, long reassignedMillis, long processingMillis, int partitions, int waiting) {
        @Override
        public String toString() {
            return "its %d partitions of %s reassigned after %d ms, processing again after %d ms (%d with events waiting)"
                    .formatted(partitions, RAW, reassignedMillis, processingMillis, waiting);
        }
    }

    private Failover killOneProcessorAndMeasure() {
        // The victim: the instance with the most partitions of the raw topic (every instance has some with 6 partitions).
        Map<AppProcess, Set<TopicPartition>> raw = new HashMap<>();
        stack.assignments(FaultStack.PROCESSOR_GROUP).forEach((client, partitions) -> stack.processors.stream()
                .filter(p -> client.startsWith(p.name() + "-")).findFirst()
                .ifPresent(p -> raw.computeIfAbsent(p, k -> new java.util.HashSet<>())
                        .addAll(partitions.stream().filter(tp -> tp.topic().equals(RAW)).toList())));
        AppProcess victim = raw.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
        Set<TopicPartition> partitions = raw.get(victim);
        assertThat(partitions).as("partitions of %s held by %s", RAW, victim.name()).isNotEmpty();

        long t0 = System.nanoTime();
        victim.kill();
        Map<TopicPartition, Long> committedAtKill = stack.committed(FaultStack.PROCESSOR_GROUP);
        log.info("Processor {} killed (kill -9) holding {}", victim.name(), partitions);

        await().atMost(SETTLED).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, Set<TopicPartition>> members = stack.assignments(FaultStack.PROCESSOR_GROUP);
            boolean victimGone = members.keySet().stream().noneMatch(c -> c.startsWith(victim.name() + "-"));
            Set<TopicPartition> held = members.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
            return victimGone && held.containsAll(partitions);
        });
        long reassigned = (System.nanoTime() - t0) / 1_000_000;
        Map<TopicPartition, Long> ends = stack.endOffsets(partitions);
        List<TopicPartition> waiting = partitions.stream().filter(tp -> ends.get(tp) > committedAtKill.getOrDefault(tp, 0L)).toList();
        assertThat(waiting).as("partitions of %s with events waiting when they were reassigned", victim.name()).isNotEmpty();
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, Long> committed = stack.committed(FaultStack.PROCESSOR_GROUP);
            return waiting.stream().allMatch(tp -> committed.getOrDefault(tp, 0L) > committedAtKill.getOrDefault(tp, 0L));
        });
        Failover failover = new Failover(victim, reassigned, (System.nanoTime() - t0) / 1_000_000, partitions.size(), waiting.size());
        log.info("Failover of {}: {}", victim.name(), failover);
        return failover;
    }

    /** The poller's {@code trackstream.pollers.polls.unchanged} count, all providers. */
    private static double unchangedPolls(AppProcess poller) throws IOException, InterruptedException {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(poller.url("/actuator/prometheus"))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).as("%s /actuator/prometheus", poller.name()).isEqualTo(200);
        return scrape.body().lines()
                .filter(line -> line.startsWith("trackstream_pollers_polls_unchanged_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The poll cycle a call at {@code at} belongs to: the cron fires at every multiple of {@link #POLL_EVERY} seconds. */
    private static long bucket(Instant at) {
        return at.getEpochSecond() / POLL_EVERY;
    }

    private Set<String> calledReferences() {
        return stack.carriers.stream().flatMap(c -> c.calls().stream()).map(CarrierSandbox.Call::reference).collect(Collectors.toSet());
    }

    /**
     * The calls per parcel and cycle: whole cycles {@code [fromBefore, toBefore)} with both pollers, the cycles between
     * (the poller stopping, the other loading its partitions), and whole cycles {@code [fromAfter, toAfter)}.
     */
    record PollCount(int cyclesBefore, int cyclesBetween, int cyclesAfter, int calls, int pollersBefore, int pollersAfter,
                     Map<String, Integer> wrongBefore, Map<String, Integer> wrongAfter, Map<String, Integer> doubledBetween,
                     int missedBetween) {
        @Override
        public String toString() {
            return ("%d calls; %d whole cycles before the poller stopped (%d pollers calling), %d after the rebalance (%d calling):"
                    + " each parcel polled exactly once in each; %d cycles in between: none polled twice, %d parcel-cycles missed")
                    .formatted(calls, cyclesBefore, pollersBefore, cyclesAfter, pollersAfter, cyclesBetween, missedBetween);
        }
    }

    private PollCount countPolls(Set<String> references, long fromBefore, long toBefore, long fromAfter, long toAfter) {
        // calls.get(cycle).get(reference) = how many calls; pollersIn(cycles) = which sandboxes were called then
        Map<Long, Map<String, Integer>> calls = new TreeMap<>();
        Map<Long, Set<Integer>> pollers = new HashMap<>();
        int total = 0;
        for (int i = 0; i < stack.carriers.size(); i++) {
            for (CarrierSandbox.Call call : stack.carriers.get(i).calls()) {
                long cycle = bucket(call.at());
                if (!references.contains(call.reference()) || cycle < fromBefore || cycle >= toAfter) {
                    continue;
                }
                calls.computeIfAbsent(cycle, c -> new HashMap<>()).merge(call.reference(), 1, Integer::sum);
                pollers.computeIfAbsent(cycle, c -> new java.util.HashSet<>()).add(i);
                total++;
            }
        }
        Map<String, Integer> wrongBefore = new LinkedHashMap<>();
        Map<String, Integer> wrongAfter = new LinkedHashMap<>();
        Map<String, Integer> doubled = new LinkedHashMap<>();
        int missedBetween = 0;
        for (long cycle = fromBefore; cycle < toAfter; cycle++) {
            Map<String, Integer> inCycle = calls.getOrDefault(cycle, Map.of());
            for (String reference : references) {
                int n = inCycle.getOrDefault(reference, 0);
                String where = reference + " in the cycle of " + Instant.ofEpochSecond(cycle * POLL_EVERY);
                if (cycle < toBefore && n != 1) {
                    wrongBefore.put(where, n);
                } else if (cycle >= fromAfter && n != 1) {
                    wrongAfter.put(where, n);
                } else if (cycle >= toBefore && cycle < fromAfter) {
                    if (n > 1) {
                        doubled.put(where, n);
                    }
                    missedBetween += n == 0 ? 1 : 0;
                }
            }
        }
        Set<Integer> before = pollersIn(pollers, fromBefore, toBefore);
        Set<Integer> after = pollersIn(pollers, fromAfter, toAfter);
        return new PollCount((int) (toBefore - fromBefore), (int) (fromAfter - toBefore), (int) (toAfter - fromAfter), total,
                before.size(), after.size(), wrongBefore, wrongAfter, doubled, missedBetween);
    }

    private static Set<Integer> pollersIn(Map<Long, Set<Integer>> pollers, long from, long to) {
        return pollers.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() < to)
                .flatMap(e -> e.getValue().stream()).collect(Collectors.toSet());
    }

    private void registerWithOrders(List<Parcel> parcels) {
        parcels.forEach(p -> stack.orders.addCarriyoOrder(FaultStack.TENANT, p.orderReference(), "web"));
        parcels.forEach(traffic::register);
    }

    private void deliver(List<Parcel> parcels, double perSecond, Instant start) {
        try {
            traffic.deliverAll(parcels, 1, perSecond, 4, start);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
