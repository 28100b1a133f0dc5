package io.trackstream.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.fault.CarrierTraffic.Parcel;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The promises every fault scenario checks once the load is over, over the committed contents of the topics and the
 * order system: every acknowledged event is in its parcel's history, every shipment's status changes form one
 * unbroken chain with no change twice, exactly one auto-close per delivered shipment, every order closed exactly once
 * in effect.
 */
final class DeliveryChecks {

    private static final TopicNames TOPICS = TopicNames.defaults();

    private DeliveryChecks() {
    }

    /** What the checks found, for the report. */
    record Verdict(int shipments, int statusChanges, int autoCloses, int ordersClosed, int lost, int duplicated) {
        @Override
        public String toString() {
            return "%d status changes, %d auto-close requests, %d orders closed; lost %d, duplicated %d".formatted(
                    statusChanges, autoCloses, ordersClosed, lost, duplicated);
        }
    }

    /**
     * Waits (up to {@code budget}) until every shipment is DELIVERED with its whole history and its order closed, then
     * checks the promises over the committed contents of the topics.
     */
    static Verdict awaitEverythingDelivered(FaultStack stack, List<Parcel> parcels, Duration budget) {
        Set<String> ids = parcels.stream().map(Parcel::shipmentId).collect(Collectors.toSet());
        await().atMost(budget).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, Shipment> latest = latestShipments(stack, ids);
            assertThat(latest.keySet()).as("shipments in shipments.v1").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(latest.values()).allSatisfy(s -> {
                assertThat(s.getStatus()).as("status of %s", s.getShipmentId()).isEqualTo(ShipmentStatus.DELIVERED);
                // Every acknowledged webhook's events: the last one carried the whole history of four events. The
                // shipment carries the latest of them and counts the rest (the parcel table holds them all).
                var parcel = s.getParcels().get(0);
                assertThat(parcel.getHistory().size() + parcel.getHistoryOmitted()).as("history of %s", s.getShipmentId())
                        .isEqualTo(CarrierTraffic.STEPS);
            });
            assertThat(parcels).allSatisfy(p -> assertThat(stack.orders.timesClosed(FaultStack.TENANT, p.orderReference()))
                    .as("order %s closed", p.orderReference()).isPositive());
        });

        // Status changes: per shipment one unbroken chain from nothing to DELIVERED, no change twice.
        Map<String, List<ShipmentStatusChanged>> changes = new HashMap<>();
        for (ConsumerRecord<String, ShipmentStatusChanged> r : stack.readAll(TOPICS.statusChanges(), ShipmentStatusChanged.class)) {
            if (ids.contains(r.key())) {
                changes.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
            }
        }
        int duplicated = 0;
        int lost = 0;
        int statusChanges = 0;
        for (String id : ids) {
            List<ShipmentStatusChanged> chain = changes.getOrDefault(id, List.of());
            statusChanges += chain.size();
            Set<String> changeIds = new HashSet<>();
            ShipmentStatus previous = null;
            for (ShipmentStatusChanged c : chain) {
                if (!changeIds.add(c.getChangeId())) {
                    duplicated++;
                }
                if (c.getFrom() != previous) {
                    lost++; // a gap: a change from a status the previous change did not lead to
                }
                previous = c.getTo();
            }
            if (previous != ShipmentStatus.DELIVERED) {
                lost++;
            }
        }
        assertThat(duplicated).as("status changes published twice").isZero();
        assertThat(lost).as("status changes missing (broken chains: %s)", changes).isZero();

        // Auto-close: exactly one request per delivered shipment; each order closed exactly once in effect.
        Map<String, Long> autoCloses = stack.readAll(TOPICS.autoClose(), OrderAutoCloseRequested.class).stream()
                .filter(r -> ids.contains(r.value().getShipmentId()))
                .collect(Collectors.groupingBy(r -> r.value().getShipmentId(), Collectors.counting()));
        assertThat(autoCloses.keySet()).as("shipments with an auto-close request").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(autoCloses).as("auto-close requests per shipment").allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        Map<String, Integer> closed = new LinkedHashMap<>();
        parcels.forEach(p -> closed.put(p.orderReference(), stack.orders.timesClosed(FaultStack.TENANT, p.orderReference())));
        assertThat(closed).as("times each order was closed in effect").allSatisfy((ref, n) -> assertThat(n).as(ref).isEqualTo(1));

        return new Verdict(ids.size(), statusChanges, autoCloses.size(), closed.size(), lost, duplicated);
    }

    private static Map<String, Shipment> latestShipments(FaultStack stack, Set<String> ids) {
        Map<String, Shipment> latest = new HashMap<>();
        for (ConsumerRecord<String, Shipment> r : stack.readAll(TOPICS.shipments(), Shipment.class)) {
            if (ids.contains(r.key()) && r.value() != null) {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }
}
