package io.trackstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.processor.testing.KitSupport;
import io.trackstream.processor.testing.ProcessorProcess;
import io.trackstream.processor.testing.Seeds;
import io.trackstream.testkit.broker.BrokerKit;

/**
 * Restarts on a real broker, the processor as its own JVM.
 * <p>
 * Exactly once across a crash: the processor is killed with SIGKILL while it is applying a batch of deliveries (its
 * transaction open) and started again on the same state directory; then every poller re-sends every history. Read
 * with isolation.level=read_committed, as the order notifier does, each shipment has each status change once and
 * each non-Shopify order exactly one auto-close.
 * <p>
 * A clean stop leaves the consumer group, so the next start does not wait out the old member's session.
 */
class ProcessorRestartTest {

    private static final Logger log = LoggerFactory.getLogger(ProcessorRestartTest.class);
    private static final int SHIPMENTS = 20;
    private static final int SHOPIFY = 4;
    private static final Instant DAY = Instant.parse("2024-01-18T08:00:00Z");

    private static BrokerKit kit;

    @BeforeAll
    static void startBroker() {
        kit = KitSupport.start(2);
    }

    @AfterAll
    static void stopBroker() {
        kit.close();
    }

    @Test
    void aProcessorKilledMidStreamResumesWithoutRepeatingStatusChangesOrAutoCloses() throws Exception {
        // a fresh state directory: state left by an earlier run holds schema ids of a registry that is gone
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "restart-test-");
        Map<String, String> config = Map.of(
                "spring.kafka.bootstrap-servers", kit.bootstrapServers(),
                "trackstream.schema-registry-url", kit.schemaRegistryUrl(),
                "spring.kafka.streams.application-id", "restart-test",
                "spring.kafka.streams.state-dir", work.resolve("state").toString(),
                // a long commit interval keeps processed-but-uncommitted output open when the kill lands
                "spring.kafka.streams.properties.commit.interval.ms", "1000",
                "spring.kafka.streams.properties.consumer.session.timeout.ms", "6000",
                "spring.kafka.streams.properties.consumer.heartbeat.interval.ms", "1000");
        Path processLog = work.resolve("processor.log");

        try (KafkaProducer<String, SpecificRecord> producer = KitSupport.producer(kit);
             var committedChanges = KitSupport.reader(kit, "shipments.status-changes.v1", ShipmentStatusChanged.class, true);
             var uncommittedChanges = KitSupport.reader(kit, "shipments.status-changes.v1", ShipmentStatusChanged.class, false);
             var committedAutoClose = KitSupport.reader(kit, "orders.auto-close.v1", OrderAutoCloseRequested.class, true)) {

            // Given a running processor with 20 registered shipments in transit
            try (ProcessorProcess first = ProcessorProcess.start(config, freePort(), processLog)) {
                first.awaitRunning(Duration.ofSeconds(90));
                for (int i = 0; i < SHIPMENTS; i++) {
                    send(producer, "shipments.registrations.v1", shipmentId(i), registration(i));
                    send(producer, "tracking.raw.v1", parcelKey(i), event(i, "in_transit", "in_transit_003", 0));
                }
                producer.flush();
                await("all shipments in transit").atMost(Duration.ofSeconds(60))
                        .until(() -> shipmentsReaching(committedChanges.values(), ShipmentStatus.IN_TRANSIT) == SHIPMENTS);

                // When the deliveries arrive and the processor is killed while applying them
                for (int i = 0; i < SHIPMENTS; i++) {
                    send(producer, "tracking.raw.v1", parcelKey(i), event(i, "out_for_delivery", "out_for_delivery_001", 1));
                    send(producer, "tracking.raw.v1", parcelKey(i), event(i, "delivered", "delivered_001", 2));
                }
                producer.flush();
                await("a delivery being processed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> shipmentsReaching(uncommittedChanges.values(), ShipmentStatus.DELIVERED) > 0);
                first.kill();
                log.info("Killed with {} of {} deliveries committed and {} written", shipmentsReaching(committedChanges.values(),
                        ShipmentStatus.DELIVERED), SHIPMENTS, shipmentsReaching(uncommittedChanges.values(), ShipmentStatus.DELIVERED));
            }

            // and started again, while the pollers re-send every whole history
            try (ProcessorProcess second = ProcessorProcess.start(config, freePort(), processLog).awaitRunning(Duration.ofSeconds(120))) {
                for (int i = 0; i < SHIPMENTS; i++) {
                    send(producer, "tracking.raw.v1", parcelKey(i), event(i, "in_transit", "in_transit_003", 0));
                    send(producer, "tracking.raw.v1", parcelKey(i), event(i, "out_for_delivery", "out_for_delivery_001", 1));
                    send(producer, "tracking.raw.v1", parcelKey(i), event(i, "delivered", "delivered_001", 2));
                }
                producer.flush();

                // Then every shipment is delivered, and stays so with nothing repeated
                await("all shipments delivered").atMost(Duration.ofSeconds(120))
                        .until(() -> shipmentsReaching(committedChanges.values(), ShipmentStatus.DELIVERED) == SHIPMENTS);
                await("no repeat arriving later").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20))
                        .until(() -> committedAutoClose.values().size() == SHIPMENTS - SHOPIFY);
            }

            List<ShipmentStatusChanged> changes = committedChanges.values();
            assertThat(changes).extracting(ShipmentStatusChanged::getChangeId).doesNotHaveDuplicates();
            Map<String, List<ShipmentStatus>> byShipment = changes.stream().collect(Collectors.groupingBy(
                    ShipmentStatusChanged::getShipmentId, Collectors.mapping(ShipmentStatusChanged::getTo, Collectors.toList())));
            assertThat(byShipment).hasSize(SHIPMENTS);
            byShipment.forEach((shipment, statuses) -> {
                assertThat(statuses).as(shipment).doesNotHaveDuplicates().endsWith(ShipmentStatus.DELIVERED);
                // OUT_FOR_DELIVERY and DELIVERED arrive together, so the shipment may go straight to DELIVERED
                assertThat(statuses).as(shipment).contains(ShipmentStatus.IN_TRANSIT);
            });

            List<OrderAutoCloseRequested> autoCloses = committedAutoClose.values();
            assertThat(autoCloses).extracting(OrderAutoCloseRequested::getRequestId).doesNotHaveDuplicates();
            Set<String> closedOrders = autoCloses.stream().map(OrderAutoCloseRequested::getOrderId).collect(Collectors.toSet());
            for (int i = 0; i < SHIPMENTS; i++) {
                if (i < SHOPIFY) {
                    assertThat(closedOrders).as("Shopify order " + i).doesNotContain(orderId(i));
                } else {
                    assertThat(closedOrders).as("order " + i).contains(orderId(i));
                }
            }
        }
    }

    @Test
    void aCleanlyStoppedProcessorLeavesItsGroupSoItsRestartDoesNotWaitForTheOldMember() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "bounce-test-");
        Duration sessionTimeout = Duration.ofSeconds(45); // the consumer's default, set here so the test does not hang on it
        Map<String, String> config = Map.of(
                "spring.kafka.bootstrap-servers", kit.bootstrapServers(),
                "trackstream.schema-registry-url", kit.schemaRegistryUrl(),
                "spring.kafka.streams.application-id", "bounce-test",
                "spring.kafka.streams.state-dir", work.resolve("state").toString(),
                "spring.kafka.streams.properties.consumer.session.timeout.ms", Long.toString(sessionTimeout.toMillis()));
        Path processLog = work.resolve("processor.log");
        int shipment = 100;

        try (KafkaProducer<String, SpecificRecord> producer = KitSupport.producer(kit);
             var committedChanges = KitSupport.reader(kit, "shipments.status-changes.v1", ShipmentStatusChanged.class, true)) {
            // Given a processor that has taken part in its group and applied a shipment's first event
            try (ProcessorProcess first = ProcessorProcess.start(config, freePort(), processLog)) {
                first.awaitRunning(Duration.ofSeconds(90));
                send(producer, "shipments.registrations.v1", shipmentId(shipment), registration(shipment));
                send(producer, "tracking.raw.v1", parcelKey(shipment), event(shipment, "in_transit", "in_transit_003", 0));
                producer.flush();
                await("the shipment in transit").atMost(Duration.ofSeconds(60))
                        .until(() -> reached(committedChanges.values(), shipmentId(shipment), ShipmentStatus.IN_TRANSIT));
            } // When it is stopped with SIGTERM (a deploy, a rolling restart)

            // Then the next start is RUNNING well within the session timeout its old member would have held the group for
            long start = System.nanoTime();
            try (ProcessorProcess second = ProcessorProcess.start(config, freePort(), processLog).awaitRunning(sessionTimeout.dividedBy(2))) {
                log.info("Restarted to RUNNING in {} ms", (System.nanoTime() - start) / 1_000_000);
                // and it carries on where the first one stopped
                send(producer, "tracking.raw.v1", parcelKey(shipment), event(shipment, "delivered", "delivered_001", 2));
                producer.flush();
                await("the shipment delivered").atMost(Duration.ofSeconds(30))
                        .until(() -> reached(committedChanges.values(), shipmentId(shipment), ShipmentStatus.DELIVERED));
            }
            assertThat(Files.readString(processLog)).contains("Stopping Kafka Streams (leaving the consumer group)");
        }
    }

    @Test
    void aRederivationCutByAKillResumesAndEmitsEachChangeOnce() throws Exception {
        // Given parcels whose delivery came with a code no table knew (UNKNOWN), stored by a processor that has stopped
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "rederive-test-");
        Path tables = Files.createDirectories(work.resolve("mappings"));
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "spring.kafka.bootstrap-servers", kit.bootstrapServers(),
                "trackstream.schema-registry-url", kit.schemaRegistryUrl(),
                "spring.kafka.streams.application-id", "rederive-test",
                "spring.kafka.streams.state-dir", work.resolve("state").toString(),
                "spring.kafka.streams.properties.consumer.session.timeout.ms", "6000",
                "spring.kafka.streams.properties.consumer.heartbeat.interval.ms", "1000",
                "trackstream.processor.mapping-directory", tables.toString(),
                // a slow pass (10 parcels per task and tick), so the kill lands in the middle of it
                "trackstream.processor.rederive-chunk", "10"));
        Path processLog = work.resolve("processor.log");
        int parcels = 1500;
        int base = 1000;
        // other tests of this class write to the same topics: count only this test's shipments and orders
        java.util.function.Predicate<ShipmentStatusChanged> mine = c -> Integer.parseInt(c.getShipmentId().substring("shp-restart-".length())) >= base;
        try (KafkaProducer<String, SpecificRecord> producer = KitSupport.producer(kit);
             var committedChanges = KitSupport.reader(kit, "shipments.status-changes.v1", ShipmentStatusChanged.class, true);
             var committedAutoClose = KitSupport.reader(kit, "orders.auto-close.v1", OrderAutoCloseRequested.class, true)) {
            try (ProcessorProcess first = ProcessorProcess.start(config, freePort(), processLog)) {
                first.awaitRunning(Duration.ofSeconds(90));
                for (int i = base; i < base + parcels; i++) {
                    send(producer, "shipments.registrations.v1", shipmentId(i), registration(i));
                    send(producer, "tracking.raw.v1", parcelKey(i), event(i, "handed_over", null, 2));
                }
                producer.flush();
                await("every shipment shows its unknown status").atMost(Duration.ofSeconds(120))
                        .until(() -> shipmentsReaching(committedChanges.values().stream().filter(mine).toList(), ShipmentStatus.UNKNOWN) == parcels);
            }
            // When the code is mapped to DELIVERED, and the processor running the new table is killed mid-pass
            Files.writeString(tables.resolve("courier-sync-ups.yml"), "provider: courier-sync/ups\nstatuses:\n  handed_over: DELIVERED\n");
            try (ProcessorProcess second = ProcessorProcess.start(config, freePort(), processLog).awaitRunning(Duration.ofSeconds(120))) {
                await("a part of the pass applied").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> shipmentsReaching(committedChanges.values().stream().filter(mine).toList(), ShipmentStatus.DELIVERED) > 0);
                second.kill();
            }
            long deliveredAtKill = shipmentsReaching(committedChanges.values().stream().filter(mine).toList(), ShipmentStatus.DELIVERED);
            log.info("Killed with {} of {} shipments re-derived to DELIVERED", deliveredAtKill, parcels);

            // Then the next start finishes the pass, and every shipment is delivered once, its order closed once
            try (ProcessorProcess third = ProcessorProcess.start(config, freePort(), processLog).awaitRunning(Duration.ofSeconds(120))) {
                await("every shipment re-derived").atMost(Duration.ofSeconds(180))
                        .until(() -> shipmentsReaching(committedChanges.values().stream().filter(mine).toList(), ShipmentStatus.DELIVERED) == parcels);
                await("no repeat arriving later").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30))
                        .until(() -> autoClosesOf(committedAutoClose.values(), base).size() == parcels);
            }
            assertThat(deliveredAtKill).as("the kill came in the middle of the pass").isLessThan(parcels);
            List<ShipmentStatusChanged> delivered = committedChanges.values().stream()
                    .filter(mine).filter(c -> c.getTo() == ShipmentStatus.DELIVERED).toList();
            assertThat(delivered).hasSize(parcels);
            assertThat(delivered).extracting(ShipmentStatusChanged::getShipmentId).doesNotHaveDuplicates();
            assertThat(autoClosesOf(committedAutoClose.values(), base)).extracting(OrderAutoCloseRequested::getRequestId)
                    .doesNotHaveDuplicates();
            assertThat(Files.readString(processLog)).contains("mapping tables digest");
        }
    }

    private static List<OrderAutoCloseRequested> autoClosesOf(List<OrderAutoCloseRequested> all, int fromShipment) {
        return all.stream().filter(a -> Integer.parseInt(a.getShipmentId().substring("shp-restart-".length())) >= fromShipment).toList();
    }

    private static boolean reached(List<ShipmentStatusChanged> changes, String shipmentId, ShipmentStatus status) {
        return changes.stream().anyMatch(c -> c.getShipmentId().equals(shipmentId) && c.getTo() == status);
    }

    private static long shipmentsReaching(List<ShipmentStatusChanged> changes, ShipmentStatus status) {
        return changes.stream().filter(c -> c.getTo() == status).map(ShipmentStatusChanged::getShipmentId).distinct().count();
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, String topic, String key, SpecificRecord value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private static ShipmentRegistration registration(int i) {
        return Seeds.registration(shipmentId(i), "ups", "courier-sync", trackingNumber(i))
                .setOrderId(orderId(i))
                .setSalesChannel(i < SHOPIFY ? "shopify" : "web")
                .build();
    }

    private static RawTrackingEvent event(int i, String status, String substatus, int hours) {
        return Seeds.courierSync("ups", trackingNumber(i), status, substatus, DAY.plusSeconds(3600L * hours + i)).build();
    }

    private static String shipmentId(int i) {
        return "shp-restart-" + i;
    }

    private static String orderId(int i) {
        return "order-restart-" + i;
    }

    private static String trackingNumber(int i) {
        return String.format("1ZRESTART%09d", i);
    }

    private static String parcelKey(int i) {
        return "ups:" + trackingNumber(i);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
