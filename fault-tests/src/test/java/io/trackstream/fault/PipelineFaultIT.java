package io.trackstream.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.trackstream.fault.CarrierTraffic.Parcel;
import io.trackstream.fault.DeliveryChecks.Verdict;
import io.trackstream.testkit.ordersystem.SandboxApi;
import io.trackstream.topics.TopicNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite: the real apps on a real broker, hurt under load, and every promise checked afterwards from the
 * topics and the order system: every acknowledged event is in its parcel's history, every shipment's status changes
 * form one unbroken chain with no change twice, exactly one auto-close per delivered shipment, every order closed
 * exactly once in effect, and the apps working again without a manual step ({@link DeliveryChecks}). Figures go to
 * {@code fault-tests/target/fault-report.md} ({@link FaultReport}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineFaultIT {

    private static final Logger log = LoggerFactory.getLogger(PipelineFaultIT.class);
    /** Generous: two busy cores run a broker, three app JVMs and this test. */
    private static final TopicNames TOPICS = TopicNames.defaults();
    private static final Duration SETTLED = Duration.ofMinutes(4);

    private FaultStack stack;
    private CarrierTraffic traffic;

    @BeforeAll
    void startTheStack() throws IOException {
        stack = FaultStack.start();
        traffic = new CarrierTraffic(stack.ingest.url(""));
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theProcessorKilledThreeTimesUnderLoadLosesAndDuplicatesNothing() throws Exception {
        List<Parcel> parcels = CarrierTraffic.parcels("kill", 40);
        registerWithOrders(parcels);
        long before = traffic.sent.get();
        int total = parcels.size() * CarrierTraffic.STEPS * 2;
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));

        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> deliver(parcels, 2, 6.0, start));
        int kills = 0;
        int killsUnderLoad = 0;
        List<Long> restartMillis = new ArrayList<>();
        for (double share : new double[] {0.15, 0.4, 0.65}) {
            long threshold = before + (long) (total * share);
            await().atMost(SETTLED).until(() -> traffic.sent.get() >= threshold || load.isDone());
            killsUnderLoad += load.isDone() ? 0 : 1;
            long t0 = System.nanoTime();
            stack.killAndRestart(stack.processor());
            restartMillis.add((System.nanoTime() - t0) / 1_000_000);
            kills++;
            log.info("Processor killed (kill -9) and healthy again: kill {} after {} webhooks", kills, traffic.sent.get() - before);
        }
        load.get();

        Verdict verdict = awaitEverythingDelivered(parcels);
        assertThat(kills).isEqualTo(3);
        report("processor kill -9 ×3 under load", "%d shipments, %d webhooks acknowledged (each twice, %d events), %d kills (%d while webhooks were being sent), restart to healthy %s ms; %s"
                .formatted(parcels.size(), total, total * 10 / 4, kills, killsUnderLoad, restartMillis, verdict));
    }

    @Test
    @Order(2)
    void theOrderServiceAwayForAWhileClosesEveryOrderOnceWithNoDeadLetter() throws Exception {
        List<Parcel> parcels = CarrierTraffic.parcels("away", 15);
        registerWithOrders(parcels);
        long deadLettersBefore = stack.recordCount(TOPICS.notifierDeadLetters());
        // Away: the next 10 calls to the order system fail with 503 (a serial consumer meets them all on its first records, within its 12 retries), as during a deployment or an outage.
        stack.orders.failNext(SandboxApi.CARRIYO, 10, 503);
        deliver(parcels, 1, 10.0, Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2)));

        Verdict verdict = awaitEverythingDelivered(parcels);
        long calls503 = stack.orders.received().stream().filter(call -> call.injectedFault() && call.status() == 503).count();
        assertThat(calls503).as("calls the order system refused while away").isEqualTo(10);
        assertThat(stack.recordCount(TOPICS.notifierDeadLetters())).as("dead letters for a transient outage").isEqualTo(deadLettersBefore);
        assertThat(stack.notifier.alive()).isTrue();
        report("order service away (10 calls answered 503)", "%d shipments; %d calls refused then retried; dead letters 0; %s"
                .formatted(parcels.size(), calls503, verdict));
    }

    @Test
    @Order(3)
    void aFloodOfDuplicatesAndMalformedPayloadsIsAbsorbed() throws Exception {
        List<Parcel> parcels = CarrierTraffic.parcels("flood", 15);
        registerWithOrders(parcels);
        long rejectedBefore = stack.recordCount(TOPICS.rejected());
        int fiveHundredsBefore = fiveHundreds();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));

        CompletableFuture<Void> good = CompletableFuture.runAsync(() -> deliver(parcels, 5, 30.0, start));
        int malformed = 0;
        int unsigned = 0;
        int badlySigned = 0;
        for (int i = 0; i < 20; i++) {
            byte[] broken = ("{\"status\":\"ok\",\"data\":{\"tracking_ref\":\"ZUFL" + i + "GR\",\"tracking_history\":[{\"status\":").getBytes(StandardCharsets.UTF_8);
            assertThat(traffic.sendOnce("/webhooks/shiplemon", broken, CarrierTraffic.signature(broken, FaultStack.SHIPLEMON_SECRET)))
                    .as("malformed JSON, signed").isEqualTo(400);
            malformed++;
            // Each body differs: the same signed bytes twice within the window would be a replay (401), not bad input.
            byte[] noNumber = ("{\"status\":\"ok\",\"data\":{\"id\":\"sl-flood-" + i + "\",\"tracking_history\":[{\"status\":\"TRANSIT\","
                    + "\"status_date\":\"2024-07-15T10:02:00Z\"}]}}").getBytes(StandardCharsets.UTF_8);
            assertThat(traffic.sendOnce("/webhooks/shiplemon", noNumber, CarrierTraffic.signature(noNumber, FaultStack.SHIPLEMON_SECRET)))
                    .as("no tracking number, signed").isEqualTo(400);
            malformed++;
            byte[] real = CarrierTraffic.shiplemonBody(parcels.get(i % parcels.size()), 4, start);
            assertThat(traffic.sendOnce("/webhooks/shiplemon", real, Map.of())).as("unsigned").isEqualTo(401);
            unsigned++;
            assertThat(traffic.sendOnce("/webhooks/shiplemon", real, CarrierTraffic.signature(real, "not-the-secret")))
                    .as("signed with the wrong secret").isEqualTo(401);
            badlySigned++;
        }
        good.get();

        Verdict verdict = awaitEverythingDelivered(parcels);
        long rejected = stack.recordCount(TOPICS.rejected()) - rejectedBefore;
        assertThat(rejected).as("malformed but authenticated payloads kept on the rejected topic").isGreaterThanOrEqualTo(malformed);
        assertThat(fiveHundreds()).as("5xx answers to bad input").isEqualTo(fiveHundredsBefore);
        report("flood: every webhook ×5, malformed and unsigned mixed in", "%d shipments, %d good webhooks (×5), %d malformed (400, %d kept on the rejected topic), %d unsigned + %d badly signed (401), 0 answered 5xx; %s"
                .formatted(parcels.size(), parcels.size() * CarrierTraffic.STEPS * 5, malformed, rejected, unsigned, badlySigned, verdict));
    }

    @Test
    @Order(4)
    void aBrokerRestartUnderLoadLosesNothingAndTheAppsRecoverOnTheirOwn() throws Exception {
        List<Parcel> parcels = CarrierTraffic.parcels("broker", 20);
        registerWithOrders(parcels);
        long before = traffic.sent.get();
        long retriedBefore = traffic.retried.get();
        int total = parcels.size() * CarrierTraffic.STEPS;
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));

        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> deliver(parcels, 1, 4.0, start));
        await().atMost(SETTLED).until(() -> traffic.sent.get() >= before + total / 4 || load.isDone());
        long t0 = System.nanoTime();
        stack.broker.stop();
        // Down until webhook-ingest has refused at least a few webhooks (503: not acknowledged, so the carrier retries).
        await().atMost(Duration.ofMinutes(2)).until(() -> traffic.retried.get() >= retriedBefore + 3 || load.isDone());
        stack.broker.start();
        long downMillis = (System.nanoTime() - t0) / 1_000_000;
        load.get();

        Verdict verdict = awaitEverythingDelivered(parcels);
        assertThat(stack.processor().alive() && stack.ingest.alive() && stack.notifier.alive()).as("no app needed a restart").isTrue();
        report("broker stopped and restarted under load", "%d shipments, %d webhooks acknowledged, broker down %d ms, %d webhooks refused (503 or no connection) and retried by the sender; %s"
                .formatted(parcels.size(), total, downMillis, traffic.retried.get() - retriedBefore, verdict));
    }

    /** The orders exist in the order system, then the shipments are registered through webhook-ingest. */
    private void registerWithOrders(List<Parcel> parcels) {
        parcels.forEach(p -> stack.orders.addCarriyoOrder(FaultStack.TENANT, p.orderReference(), "web"));
        parcels.forEach(traffic::register);
    }

    private void deliver(List<Parcel> parcels, int copies, double perSecond, Instant start) {
        try {
            traffic.deliverAll(parcels, copies, perSecond, 4, start);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int fiveHundreds() {
        return traffic.answers.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 503)
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private Verdict awaitEverythingDelivered(List<Parcel> parcels) {
        return DeliveryChecks.awaitEverythingDelivered(stack, parcels, SETTLED);
    }

    private static void report(String scenario, String figures) {
        FaultReport.row(scenario, figures);
    }
}
