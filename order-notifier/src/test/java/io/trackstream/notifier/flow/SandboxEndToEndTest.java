package io.trackstream.notifier.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.notifier.config.KafkaConfig;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.testkit.ordersystem.ReceivedCall;
import io.trackstream.testkit.ordersystem.SandboxApi;
import io.trackstream.testkit.ordersystem.ShopShipmentUpdate;

/**
 * From the processor's topics to the sandbox order systems on a real broker: a DELIVERED status reaches both order
 * systems and closes the order once, even across a crash between the call and the commit.
 */
class SandboxEndToEndTest extends BrokerTestSupport {

    @Autowired
    @Qualifier(KafkaConfig.AUTO_CLOSE_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> autoCloseContainer;

    @Test
    void aDeliveredShipmentUpdatesTheShopPlatformAndClosesTheOrder() {
        String order = "4001";
        sandbox.addCarriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order, "web");
        sandbox.addShopOrder(4001);
        long closedBefore = closeLatencies();

        write(topics.statusChanges(), "shp-" + order, Fixtures.delivered(SANDBOX_TENANT, order).build());
        write(topics.autoClose(), order, Fixtures.autoClose(SANDBOX_TENANT, order).build());

        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.shopUpdates(4001).size() == 1);
        assertThat(sandbox.carriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order)).hasValueSatisfying(o -> {
            assertThat(o.closed()).isTrue();
            assertThat(o.lastShipmentStatus()).isEqualTo("delivered");
            assertThat(o.deliveryDate()).isEqualTo(Fixtures.DELIVERED_AT);
        });
        ShopShipmentUpdate update = sandbox.shopUpdates(4001).get(0);
        assertThat(update.shipmentStatusId()).isEqualTo(4);
        assertThat(update.shipmentStatus()).isEqualTo("Delivered");
        assertThat(update.shippingLabels()).isEqualTo(2);
        assertThat(update.body()).contains(Fixtures.DELIVERED_TEXT);
        assertThat(sandbox.received("shp-" + order + ":7")).singleElement()
                .satisfies(call -> assertThat(call.api()).isEqualTo(SandboxApi.SHOP));
        await().atMost(Duration.ofSeconds(60)).until(() -> closeLatencies() == closedBefore + 1);
    }

    @Test
    void aLabelDeliveredWhileTheShipmentStaysPartiallyDeliveredReachesTheShopAndAnOlderUpdateNeverDoes() throws Exception {
        String order = "4005";
        sandbox.addShopOrder(4005);
        // Given the shop has the status change that made the shipment partially delivered (1 of 3 labels)
        Shipment firstDelivered = Fixtures.threeLabels(SANDBOX_TENANT, order, 1, 7);
        write(topics.statusChanges(), "shp-" + order, Fixtures.change(firstDelivered, ShipmentStatus.OUT_FOR_DELIVERY).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.shopUpdates(4005).size() == 1);

        // When the processor publishes the second label delivered, the shipment's status unchanged
        Shipment secondDelivered = Fixtures.threeLabels(SANDBOX_TENANT, order, 2, 8);
        write(topics.parcelChanges(), "shp-" + order,
                Fixtures.labelDelivered(secondDelivered, secondDelivered.getParcels().get(1), false).build());

        // Then the shop platform has that label delivered, the shipment still partially delivered
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.shopUpdates(4005).size() == 2);
        ShopShipmentUpdate update = sandbox.shopUpdates(4005).get(1);
        assertThat(update.shipmentStatusId()).isEqualTo(8);
        JsonNode labels = JsonMapper.builder().build().readTree(update.body()).get("ShippingLabels");
        assertThat(labels.valueStream().map(label -> label.get("DeliveryStatusId").asInt())).containsExactly(4, 4, 3);
        assertThat(sandbox.received("shp-" + order + ":8")).singleElement()
                .satisfies(call -> assertThat(call.api()).isEqualTo(SandboxApi.SHOP));

        // When version 7's status change comes again after it (redelivered, or read late)
        double skippedBefore = count(NotifierMetrics.SKIPPED, "target", "shop", "reason", "older_than_applied");
        Written older = write(topics.statusChanges(), "shp-" + order,
                Fixtures.change(firstDelivered, ShipmentStatus.OUT_FOR_DELIVERY).build());

        // Then it is not sent: the shop keeps the newer labels
        awaitCommitted(older);
        assertThat(count(NotifierMetrics.SKIPPED, "target", "shop", "reason", "older_than_applied")).isEqualTo(skippedBefore + 1);
        assertThat(sandbox.received("shp-" + order + ":7")).hasSize(1);
        assertThat(sandbox.shopUpdates(4005)).hasSize(2);
    }

    @Test
    void aShopifyOrderIsToldButNotClosed() {
        String order = "4002";
        sandbox.addCarriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order, "shopify");
        double notClosedBefore = count(NotifierMetrics.CALLS, "target", "carriyo", "outcome", "not_closed");
        long closedBefore = closeLatencies();

        write(topics.autoClose(), order, Fixtures.autoClose(SANDBOX_TENANT, order).setSalesChannel("shopify").build());

        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.received(Fixtures.autoClose(SANDBOX_TENANT, order)
                .getRequestId()).size() == 1);
        assertThat(sandbox.carriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order)).hasValueSatisfying(o -> {
            assertThat(o.closed()).isFalse();
            assertThat(o.timesClosed()).isZero();
        });
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count(NotifierMetrics.CALLS, "target", "carriyo", "outcome", "not_closed") == notClosedBefore + 1);
        assertThat(closeLatencies()).as("the unchanged open order is no close").isEqualTo(closedBefore);
    }

    /**
     * Carriyo stops honouring the token the notifier holds (a key rotation): the close answered 401 is made again,
     * once, with a new token from the token endpoint, and the order is closed; nothing is dead-lettered.
     */
    @Test
    void aRevokedTokenIsReplacedAndTheCloseStillApplies() {
        String first = "4005";
        sandbox.addCarriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + first, "web");
        write(topics.autoClose(), first, Fixtures.autoClose(SANDBOX_TENANT, first).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + first) == 1);
        String order = "4004";
        String key = "shp-" + order + ":delivered";
        sandbox.addCarriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order, "web");
        sandbox.revokeCarriyoTokens();
        int issuedBefore = sandbox.carriyoTokensIssued();

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(SANDBOX_TENANT, order).build());

        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order) == 1);
        assertThat(sandbox.received(key)).extracting(ReceivedCall::status).containsExactly(401, 200);
        assertThat(sandbox.carriyoTokensIssued()).isEqualTo(issuedBefore + 1);
        awaitCommitted(written);
        assertThat(deadLetters(order)).isEmpty();
    }

    /**
     * An instance calls the order system and dies before committing: the record is delivered again, the call is made
     * again with the same Idempotency-Key, and the sandbox applies it once.
     */
    @Test
    void aCrashBetweenTheCallAndTheCommitDoesNotCloseTheOrderTwice() throws Exception {
        String order = "4003";
        String key = "shp-" + order + ":delivered";
        sandbox.addCarriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order, "web");
        autoCloseContainer.stop();
        try {
            Written written = write(topics.autoClose(), order, Fixtures.autoClose(SANDBOX_TENANT, order).build());

            crashingInstanceHandles(written);

            assertThat(sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order)).isEqualTo(1);
            assertThat(committed(written.partition()).map(OffsetAndMetadata::offset).orElse(0L))
                    .as("the crashed instance committed nothing").isLessThanOrEqualTo(written.offset());
        } finally {
            autoCloseContainer.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.received(key).size() == 2);
        assertThat(sandbox.received(key)).extracting(ReceivedCall::status, ReceivedCall::replayed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(200, false), org.assertj.core.groups.Tuple.tuple(200, true));
        assertThat(sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order)).as("closed once in effect").isEqualTo(1);
    }

    /** The notifier's own listener handles the record in a consumer of the notifier's group that never commits. */
    @SuppressWarnings("unchecked")
    private void crashingInstanceHandles(Written written) {
        MessageListener<String, byte[]> listener =
                (MessageListener<String, byte[]>) autoCloseContainer.getContainerProperties().getMessageListener();
        try (Consumer<String, byte[]> consumer = broker.consumer(properties.groupId(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(written.partition()));
            consumer.seek(written.partition(), written.offset());
            ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(60))
                    .until(() -> consumer.poll(Duration.ofMillis(200)).records(written.partition()).stream()
                            .filter(r -> r.offset() == written.offset()).findFirst().orElse(null), r -> r != null);
            listener.onMessage(record);
        } // closed without a commit: the crash
    }

    private long closeLatencies() {
        var timer = meters.find(NotifierMetrics.DELIVERED_TO_CLOSED).timer();
        return timer == null ? 0 : timer.count();
    }
}
