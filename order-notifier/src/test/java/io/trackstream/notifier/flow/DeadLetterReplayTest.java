package io.trackstream.notifier.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.notifier.deadletter.DeadLetterHeaders;
import io.trackstream.notifier.deadletter.ReplayReport;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.listener.WaitHeaders;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.testkit.ordersystem.ReceivedCall;
import io.trackstream.testkit.ordersystem.SandboxApi;

/**
 * The documented replay command ({@code --replay-dead-letters}) writes dead letters to the notifier's own replay
 * topic, never back to the processor's public topics (whose other consumers would see them twice), and the running
 * notifier delivers them from there; the replay's progress is committed, so a second run does not send them again. A
 * replayed shop update that a newer change overtook is not sent: the shop keeps the newer one.
 */
class DeadLetterReplayTest extends BrokerTestSupport {

    @Test
    void aDeadLetteredCloseIsReplayedOnceTheOrderSystemIsBack() throws Exception {
        String order = "5001";
        String key = "shp-" + order + ":delivered";
        sandbox.addCarriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order, "web");
        // Given Carriyo failing for longer than the patience
        sandbox.failNext(SandboxApi.CARRIYO, 1000, 503);

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(SANDBOX_TENANT, order).build());
        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(order);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(header(deadLetter, WaitHeaders.SINCE)).as("it waited before it was given up").isNotNull();
        assertThat(sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order)).isZero();

        // When it is replayed while Carriyo still fails
        long publicTopicEnd = endOffset(written.partition());
        ReplayReport report = replayCommand();

        assertThat(report.replayedByTopic()).containsKey(topics.autoClose());
        assertThat(endOffset(written.partition())).as("nothing written back to the processor's public topic").isEqualTo(publicTopicEnd);
        ConsumerRecord<String, byte[]> replayed = await().atMost(Duration.ofSeconds(10))
                .until(() -> records(topics.notifierReplay(), order), l -> !l.isEmpty()).get(0);
        assertThat(header(replayed, DeadLetterHeaders.REPLAY_TARGET)).isEqualTo("carriyo");
        assertThat(replayed.value()).isEqualTo(written.value());
        assertThat(header(replayed, WaitHeaders.SINCE)).as("the old wait stays with the dead letter").isNull();

        // Then it waits its patience afresh rather than being given up at its first failure
        await().atMost(Duration.ofSeconds(30)).until(() -> !replayedAndWaiting(order).isEmpty() || deadLetters(order).size() > 1);
        assertThat(deadLetters(order)).extracting(r -> r.offset() + " " + header(r, DeadLetterHeaders.REASON))
                .as("not given up at its first failure after the replay").hasSize(1);
        ConsumerRecord<String, byte[]> waiting = replayedAndWaiting(order).get(0);
        assertThat(Instant.parse(header(waiting, WaitHeaders.SINCE))).isAfter(Instant.ofEpochMilli(deadLetter.timestamp()));

        // and is applied once Carriyo is back
        sandbox.clearFaults();
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order) == 1);
        assertThat(sandbox.received(key)).extracting(ReceivedCall::status).last().isEqualTo(200);
        assertThat(sandbox.received(key)).extracting(ReceivedCall::status).filteredOn(s -> s == 200).hasSize(1);
        assertThat(deadLetters(order)).extracting(r -> r.offset() + " " + header(r, DeadLetterHeaders.REASON))
                .as("dead-lettered once, not again on replay").hasSize(1);
        assertThat(replayGroupOffset(deadLetter)).isGreaterThan(deadLetter.offset());
        assertThat(written.value()).isEqualTo(deadLetter.value());

        assertThat(report.replayed()).anySatisfy(r -> {
            assertThat(r.partition() + "@" + r.offset()).isEqualTo(deadLetter.partition() + "@" + deadLetter.offset());
            assertThat(r.key()).isEqualTo(order);
            assertThat(r.originalTopic()).as("the processor's topic, though it was dead-lettered from the retry topic")
                    .isEqualTo(topics.autoClose());
        });

        ReplayReport second = replayCommand();
        assertThat(second.replayed()).extracting(r -> r.partition() + "@" + r.offset())
                .as("replayed already").doesNotContain(deadLetter.partition() + "@" + deadLetter.offset());
    }

    @Test
    void aReplayedShopUpdateOvertakenByANewerChangeIsNotSentAndTheShopKeepsTheNewer() throws Exception {
        String order = "5002";
        sandbox.addShopOrder(5002);
        // Given version 7 (DELIVERED) dead-lettered after the shop failed every attempt
        sandbox.failNext(SandboxApi.SHOP, 1000, 503);
        write(topics.statusChanges(), "shp-" + order, Fixtures.delivered(SANDBOX_TENANT, order).build());
        awaitDeadLetter("shp-" + order);
        sandbox.clearFaults();
        // and version 8 (an EXCEPTION found after delivery) applied at the shop afterwards
        Shipment newer = Fixtures.shipment(SANDBOX_TENANT, order, ShipmentStatus.EXCEPTION,
                Fixtures.parcel("1190953890", "11", CanonicalStatus.EXCEPTION).build()).setVersion(8).build();
        write(topics.statusChanges(), "shp-" + order, Fixtures.change(newer, ShipmentStatus.DELIVERED).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.shopUpdates(5002).size() == 1);

        // When the dead letter is replayed
        double skippedBefore = count(NotifierMetrics.SKIPPED, "target", "shop", "reason", "older_than_applied");
        ReplayReport report = replayCommand();
        assertThat(report.replayedByTopic()).containsKey(topics.statusChanges());

        // Then the notifier takes it from its replay topic and does not send it: the shop keeps version 8
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(NotifierMetrics.SKIPPED, "target", "shop", "reason", "older_than_applied") == skippedBefore + 1);
        assertThat(sandbox.shopUpdates(5002)).singleElement()
                .satisfies(update -> assertThat(update.shipmentStatus()).isEqualTo("Exception"));
        assertThat(sandbox.received("shp-" + order + ":7")).extracting(ReceivedCall::status).doesNotContain(200);
    }

    /**
     * Fix the cause, then replay: the shop did not know the order (404, dead-lettered at once); once the order exists,
     * the replayed update, under the same idempotency key, is applied rather than answered with the stored 404.
     */
    @Test
    void anUpdateRefusedForAnUnknownOrderIsAppliedWhenReplayedOnceTheOrderExists() throws Exception {
        String order = "5003";
        String key = "shp-" + order + ":7";
        write(topics.statusChanges(), "shp-" + order, Fixtures.delivered(SANDBOX_TENANT, order).build());
        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter("shp-" + order);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("CLIENT_ERROR");
        assertThat(header(deadLetter, DeadLetterHeaders.HTTP_STATUS)).isEqualTo("404");

        sandbox.addShopOrder(5003);
        replayCommand();

        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.shopUpdates(5003).size() == 1);
        assertThat(sandbox.received(key)).extracting(ReceivedCall::status, ReceivedCall::replayed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(404, false), org.assertj.core.groups.Tuple.tuple(200, false));
    }

    /** The documented command, which must succeed. */
    private ReplayReport replayCommand() {
        ReplayRun run = replayCommand(new String[0]);
        assertThat(run.exitCode()).isZero();
        return run.report();
    }

    /** The replayed records of {@code key} that went on to wait in the retry topic. */
    private List<ConsumerRecord<String, byte[]>> replayedAndWaiting(String key) {
        return records(topics.notifierRetry(), key).stream()
                .filter(r -> header(r, DeadLetterHeaders.REPLAYED_FROM) != null).toList();
    }

    private long endOffset(TopicPartition partition) {
        try (var consumer = consumer()) {
            return consumer.endOffsets(java.util.List.of(partition)).get(partition);
        }
    }

    private long replayGroupOffset(ConsumerRecord<?, ?> deadLetter) throws Exception {
        try (Admin admin = broker.admin()) {
            var offsets = admin.listConsumerGroupOffsets(properties.deadLetters().replayGroupId())
                    .partitionsToOffsetAndMetadata().get();
            return offsets.get(new TopicPartition(deadLetter.topic(), deadLetter.partition())).offset();
        }
    }
}
