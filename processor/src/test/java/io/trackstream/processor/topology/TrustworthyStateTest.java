package io.trackstream.processor.topology;

import static io.trackstream.processor.testing.Seeds.ELTA_TRACKING;
import static io.trackstream.processor.testing.Seeds.courierSync;
import static io.trackstream.processor.testing.Seeds.registration;
import static io.trackstream.processor.testing.Seeds.shiplemon;
import static io.trackstream.processor.testing.Seeds.shiplemonOutOfOrderHistory;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.EventBatches;
import io.trackstream.processor.testing.TopologyHarness;

/**
 * One trustworthy answer per shipment whatever the timing: trimmed histories, parcels listed by several tenants'
 * shipments, ticks inside a poll, registrations of parcels already delivered, substatuses, registration order.
 */
class TrustworthyStateTest {

    private static final String ELTA_PARCEL = "elta:" + ELTA_TRACKING;
    private static final Instant POLLED_AT = Instant.parse("2024-07-15T10:05:00Z");

    @Test
    void trimmingTheHistoryNeverMovesTheStatusBack() {
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults().withMaxHistoryEntries(3))) {
            t.register(registration("shp-1", "ups", "courier-sync", "1Z0000000000000001").build());
            Instant t1 = Instant.parse("2024-01-19T14:45:00Z");
            t.send(courierSync("ups", "1Z0000000000000001", "delivered", "delivered_001", t1).build());
            assertThat(statuses(t)).containsExactly(ShipmentStatus.PENDING, ShipmentStatus.DELIVERED);

            // When carrier noise dated after the delivery fills and overflows the 3-entry history
            for (int hour = 1; hour <= 3; hour++) {
                t.send(courierSync("ups", "1Z0000000000000001", "in_transit", "in_transit_003", t1.plusSeconds(3600L * hour)).build());
            }

            // Then the delivery, trimmed out of the history, still decides the status and the delivered date
            Parcel parcel = t.parcelsStore().get("ups:1Z0000000000000001");
            assertThat(parcel.getHistory()).extracting(TrackingEvent::getStatus).containsOnly(CanonicalStatus.IN_TRANSIT).hasSize(3);
            assertThat(parcel.getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(parcel.getDeliveredAt()).isEqualTo(t1);
            assertThat(t.statusChanges.isEmpty()).isTrue();
            assertThat(t.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
        }
    }

    @Test
    void aParcelListedByShipmentsOfTwoTenantsReachesBothAndClosesEachOrderOnce() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given T1 registers A{P} and P moves
            t.register(registration("shp-A", "elta", "shiplemon", ELTA_TRACKING).build());
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-15T09:45:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build());
            // When T2 (the marketplace's seller) registers B{P}
            t.register(registration("shp-B", "elta", "shiplemon", ELTA_TRACKING).setTenant("store-thessaloniki")
                    .setOrderId("their-order").build());
            // Then B starts from P's state at once, and A keeps it
            assertThat(t.shipmentsStore().get("shp-B").getStatus()).isEqualTo(ShipmentStatus.IN_TRANSIT);

            // When P is delivered
            t.send(shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΔΟΣΗ").build());

            // Then both shipments are delivered, each order is asked to close once, each with its own tenant
            assertThat(t.shipmentsStore().get("shp-A").getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(t.shipmentsStore().get("shp-B").getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(t.autoClose.readValuesToList()).extracting(OrderAutoCloseRequested::getShipmentId, OrderAutoCloseRequested::getTenant)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("shp-A", "store-athens"),
                            org.assertj.core.groups.Tuple.tuple("shp-B", "store-thessaloniki"));
            // and each shipment shows its own tenant's label, never the other's
            assertThat(t.shipmentsStore().get("shp-B").getTenant()).isEqualTo("store-thessaloniki");
            assertThat(t.claimsOf(ELTA_PARCEL)).extracting(ShipmentRegistration::getShipmentId).containsExactly("shp-A", "shp-B");
            // and one parcel is polled once, however many shipments list it
            assertThat(t.pollTargets.readValuesToList().stream().filter(p -> p != null).map(PollTarget::getShipmentId).distinct())
                    .containsExactly("shp-A");
        }
    }

    @Test
    void aReRegistrationThatDropsAParcelReleasesIt() {
        try (TopologyHarness t = new TopologyHarness()) {
            ShipmentRegistration first = registration("shp-A", "elta", "shiplemon", ELTA_TRACKING).build();
            t.register(first);
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-15T09:45:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build());
            t.pollTargets.readValuesToList();

            // When the shipment is registered again with another parcel instead
            t.register(registration("shp-A", "elta", "shiplemon", "ZU500099999GR").build());
            long versionBefore = t.shipmentsStore().get("shp-A").getVersion();

            // Then the dropped parcel's poll target is a tombstone (no shipment lists it) and its news no longer reach A
            List<TestRecord<String, PollTarget>> targets = t.pollTargets.readRecordsToList();
            assertThat(targets).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(ELTA_PARCEL);
                assertThat(r.value()).isNull();
            });
            assertThat(t.claimsOf(ELTA_PARCEL)).isEmpty();
            t.send(shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΔΟΣΗ").build());
            assertThat(t.shipmentsStore().get("shp-A").getVersion()).isEqualTo(versionBefore);
            assertThat(t.shipmentsStore().get("shp-A").getParcels()).extracting(Parcel::getTrackingNumber).containsExactly("ZU500099999GR");
            assertThat(t.autoClose.isEmpty()).isTrue();
        }
    }

    @Test
    void aTickAtAnyPositionInsideAPollNeverShowsAMomentaryStatus() {
        // The seed lists DELIVERED first, dated before a later EXCEPTION: the parcel ends in EXCEPTION
        for (int tickAfter = 0; tickAfter <= 4; tickAfter++) {
            try (TopologyHarness t = new TopologyHarness()) {
                t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
                List<RawTrackingEvent> poll = EventBatches.stamp(shiplemonOutOfOrderHistory(ELTA_TRACKING, POLLED_AT));

                t.receive(poll.subList(0, tickAfter));
                t.tick();
                t.receive(poll.subList(tickAfter, poll.size()));
                t.tick();

                assertThat(statuses(t)).as("tick after %d of 4 events", tickAfter)
                        .containsExactly(ShipmentStatus.PENDING, ShipmentStatus.EXCEPTION);
                assertThat(t.autoClose.isEmpty()).as("tick after %d of 4 events", tickAfter).isTrue();
            }
        }
    }

    @Test
    void aBatchThatNeverCompletesIsSentOnAfterTheBatchWait() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            List<RawTrackingEvent> poll = EventBatches.stamp(shiplemonOutOfOrderHistory(ELTA_TRACKING, POLLED_AT));

            // When only the first two of four events arrive
            t.receive(poll.subList(0, 2));
            t.tick();
            assertThat(statuses(t)).containsExactly(ShipmentStatus.PENDING);

            // Then the parcel is sent on with what it has once the batch wait is over
            t.driver.advanceWallClockTime(ProcessorTopologyConfig.DEFAULT_BATCH_WAIT);
            assertThat(statuses(t)).containsExactly(ShipmentStatus.EXCEPTION);
        }
    }

    @Test
    void aRegistrationThatReachesDeliveredParcelsMakesOneStatusChange() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given two parcels delivered before any shipment lists them
            Instant delivered = Instant.parse("2024-01-19T14:45:00Z");
            t.send(courierSync("ups", "1Z0000000000000001", "delivered", "delivered_001", delivered).build());
            t.send(courierSync("ups", "1Z0000000000000002", "delivered", "delivered_001", delivered.plusSeconds(60)).build());
            t.send(courierSync("ups", "1Z0000000000000003", "delivered", "delivered_001", delivered.plusSeconds(120)).build());

            // When a shipment of both is registered
            t.register(registration("shp-2", "ups", "courier-sync", "1Z0000000000000001", "1Z0000000000000002").build());
            t.flush();

            // Then it goes straight to DELIVERED, once, with one version
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getFrom, ShipmentStatusChanged::getTo)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(null, ShipmentStatus.DELIVERED));
            assertThat(t.shipments.readValuesToList()).extracting(Shipment::getStatus).containsExactly(ShipmentStatus.DELIVERED);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);

            // When an already delivered parcel is added to the delivered shipment
            t.register(registration("shp-2", "ups", "courier-sync", "1Z0000000000000001", "1Z0000000000000002", "1Z0000000000000003")
                    .setUpdatedAt(Instant.parse("2024-07-13T09:00:00Z")).build());
            t.flush();

            // Then a new version shows it, and the status does not change
            assertThat(t.statusChanges.isEmpty()).isTrue();
            assertThat(t.shipments.readValuesToList()).extracting(s -> s.getParcels().size()).containsExactly(3);
            assertThat(t.autoClose.isEmpty()).isTrue();
        }
    }

    @Test
    void aSubstatusIsPartOfTheEvent() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            String at = "2024-07-15T09:45:00.000Z";
            t.sendPoll(List.of(shiplemon(ELTA_TRACKING, "TRANSIT", null, at, "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build()));
            // a resend that adds WITH_COURIER to TRANSIT is news
            t.sendPoll(List.of(shiplemon(ELTA_TRACKING, "TRANSIT", "WITH_COURIER", at, "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build()));
            // two exceptions that differ only in substatus are two events
            String later = "2024-07-15T11:00:00.000Z";
            t.sendPoll(List.of(shiplemon(ELTA_TRACKING, "EXCEPTION", "ADDRESS_ISSUE", later, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ").build(),
                    shiplemon(ELTA_TRACKING, "EXCEPTION", "REFUSED", later, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ").build()));
            // and a plain resend of each is still a duplicate
            t.sendPoll(List.of(shiplemon(ELTA_TRACKING, "TRANSIT", "WITH_COURIER", at, "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build()));

            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).extracting(TrackingEvent::getCarrierSubstatus)
                    .containsExactlyInAnyOrder(null, "WITH_COURIER", "ADDRESS_ISSUE", "REFUSED");
            assertThat(t.metrics.count("duplicates")).isEqualTo(1);
        }
    }

    @Test
    void theLaterRegistrationOnTheTopicWinsWhateverItsClockSays() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given a registration stamped by an instance whose clock runs ahead
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).setPartnerOrderReference("PO-first")
                    .setUpdatedAt(Instant.parse("2024-07-12T15:00:00Z")).build());
            // When a correction comes later on the topic, stamped by an instance whose clock is behind
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).setPartnerOrderReference("PO-corrected")
                    .setUpdatedAt(Instant.parse("2024-07-12T14:59:00Z")).build());
            t.flush();

            // Then the correction is the shipment's registration
            assertThat(t.shipmentsStore().get("shp-1").getPartnerOrderReference()).isEqualTo("PO-corrected");
        }
    }

    private static List<ShipmentStatus> statuses(TopologyHarness t) {
        return t.statusChanges.readValuesToList().stream().map(ShipmentStatusChanged::getTo).toList();
    }
}
