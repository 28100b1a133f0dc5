package io.trackstream.processor.topology;

import static io.trackstream.processor.testing.Seeds.ELTA_TRACKING;
import static io.trackstream.processor.testing.Seeds.courierSync;
import static io.trackstream.processor.testing.Seeds.registration;
import static io.trackstream.processor.testing.Seeds.shiplemon;
import static io.trackstream.processor.testing.Seeds.shiplemonDeliveredHistory;
import static io.trackstream.processor.testing.Seeds.shiplemonOutOfOrderHistory;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.processor.testing.TopologyHarness;

/** The whole topology against seed-like payloads, in a TopologyTestDriver. */
class TrackingTopologyTest {

    private static final String ELTA_PARCEL = "elta:" + ELTA_TRACKING;
    private static final Instant POLLED_AT = Instant.parse("2024-07-15T10:05:00Z");

    @Test
    void shiplemonHistoryListedNewestFirstEndsDeliveredAndLateOlderEventsNeverMoveItBack() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given a registered Shiplemon/ELTA shipment
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());

            // When the poller publishes the seed history in the API's order: DELIVERED first, then older events
            t.sendAll(shiplemonDeliveredHistory(ELTA_TRACKING, POLLED_AT));

            // Then the parcel's history is sorted by carrier time, with the Greek texts byte for byte
            Parcel parcel = t.parcelsStore().get(ELTA_PARCEL);
            assertThat(parcel.getHistory()).extracting(TrackingEvent::getCarrierStatusText).containsExactly(
                    "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ", "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ");
            assertThat(parcel.getHistory()).extracting(TrackingEvent::getStatus).containsExactly(
                    CanonicalStatus.INFO_RECEIVED, CanonicalStatus.OUT_FOR_DELIVERY, CanonicalStatus.DELIVERED);
            // and the older events, arriving after DELIVERED, did not move the status back
            assertThat(parcel.getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(parcel.getDeliveredAt()).isEqualTo(Instant.parse("2024-07-15T10:02:00Z"));

            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getFrom, ShipmentStatusChanged::getTo)
                    .containsExactly(tuple(null, ShipmentStatus.PENDING), tuple(ShipmentStatus.PENDING, ShipmentStatus.DELIVERED));
            Shipment shipment = t.shipmentsStore().get("shp-1");
            assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(shipment.getDeliveredAt()).isEqualTo(Instant.parse("2024-07-15T10:02:00Z"));
            assertThat(shipment.getTrackingUrls()).containsExactly("https://track.example.com/shp-1",
                    "https://www.elta-courier.gr/search?br=" + ELTA_TRACKING);
            assertThat(shipment.getParcels().get(0).getLabelId()).isEqualTo("label-" + ELTA_TRACKING);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);
        }
    }

    @Test
    void underLightLoadAChangeIsFlushedAtTheNextTickUnderHeavyLoadOnlyOnceTheBusyFlushIntervalHasPassed() {
        try (TopologyHarness t = new TopologyHarness()) {
            Instant day = Instant.parse("2024-01-18T08:00:00Z");
            int busy = ProcessorTopologyConfig.DEFAULT_EAGER_COMMIT_BELOW; // records per tick interval: heavy load
            for (int i = 0; i < busy; i++) {
                t.register(registration("shp-load-" + i, "ups", "courier-sync", trackingNumber(i)).build());
            }
            t.flush();
            t.statusChanges.readValuesToList(); // each PENDING

            // Light load: one event is a status change at the very next tick
            t.receive(List.of(courierSync("ups", trackingNumber(0), "in_transit", "in_transit_003", day).build()));
            t.tick();
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo).containsExactly(ShipmentStatus.IN_TRANSIT);

            // Heavy load: while each tick interval brings eager-commit-below records or more, the ticks at 20 and 40 ms
            // after the last flush flush nothing...
            for (int round = 1; round <= 3; round++) {
                List<RawTrackingEvent> events = new ArrayList<>();
                for (int i = 0; i < busy; i++) {
                    events.add(round < 3
                            ? courierSync("ups", trackingNumber(i), "in_transit", "in_transit_003", day.plusSeconds(60L * round)).build()
                            : courierSync("ups", trackingNumber(i), "out_for_delivery", "out_for_delivery_001", day.plusSeconds(600)).build());
                }
                t.receive(events);
                t.tick();
                if (round < 3) {
                    assertThat(t.statusChanges.readValuesToList()).as("changes flushed %d ms after the last flush", 20 * round).isEmpty();
                }
            }
            // ...and the one at 60 ms, past the busy flush interval (50 ms), sends every parcel with its latest state
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo)
                    .hasSize(busy).containsOnly(ShipmentStatus.OUT_FOR_DELIVERY);
        }
    }

    private static String trackingNumber(int i) {
        return String.format("1ZLOAD%012d", i);
    }

    @Test
    void shiplemonOutOfOrderHistoryTakesTheLatestEventByCarrierTime() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());

            // DELIVERED is dated before PRE_TRANSIT, TRANSIT and EXCEPTION in this seed; the poll sends all four
            t.sendPoll(shiplemonOutOfOrderHistory(ELTA_TRACKING, POLLED_AT));

            Parcel parcel = t.parcelsStore().get(ELTA_PARCEL);
            assertThat(parcel.getHistory()).extracting(TrackingEvent::getCarrierStatusCode)
                    .containsExactly("DELIVERED", "PRE_TRANSIT", "TRANSIT", "EXCEPTION");
            assertThat(parcel.getStatus()).isEqualTo(CanonicalStatus.EXCEPTION);
            assertThat(parcel.getLastCarrierStatusText()).isEqualTo("ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
            assertThat(parcel.getDeliveredAt()).isNull();

            // the shipment's status is decided after the whole poll: the momentary DELIVERED never reaches anyone
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo)
                    .containsExactly(ShipmentStatus.PENDING, ShipmentStatus.EXCEPTION);
            assertThat(t.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.EXCEPTION);
            assertThat(t.autoClose.isEmpty()).isTrue();
            assertThat(t.pollTargets.readValuesToList()).extracting(PollTarget::getCurrentStatus)
                    .containsExactly(null, CanonicalStatus.EXCEPTION);
        }
    }

    @Test
    void eventsArrivingOneByOneAcrossFlushesShowEachStatusInTurn() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());

            // the same seed history, but each event on its own (webhooks minutes apart)
            t.sendAll(shiplemonOutOfOrderHistory(ELTA_TRACKING, POLLED_AT));

            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo)
                    .containsExactly(ShipmentStatus.PENDING, ShipmentStatus.DELIVERED, ShipmentStatus.EXCEPTION);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);
            // polling stopped on DELIVERED and resumed on EXCEPTION; each older entry after it is news to the
            // target's event-key digest, so the target is written again with the same status
            List<TestRecord<String, PollTarget>> targets = t.pollTargets.readRecordsToList();
            assertThat(targets).extracting(r -> r.value() == null ? null : r.value().getCurrentStatus())
                    .containsExactly(null, null, CanonicalStatus.EXCEPTION, CanonicalStatus.EXCEPTION, CanonicalStatus.EXCEPTION);
            assertThat(targets.get(1).value()).isNull();
        }
    }

    @Test
    void arrivalOrderOfAHistoryDoesNotChangeTheOutcome() {
        List<RawTrackingEvent> history = new ArrayList<>(shiplemonOutOfOrderHistory(ELTA_TRACKING, POLLED_AT));
        java.util.Collections.reverse(history);
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            t.sendAll(history);
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.EXCEPTION);
            assertThat(t.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.EXCEPTION);
        }
    }

    @Test
    void twoParcelShipmentDeliveredOneParcelAtATime() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given a courier-sync shipment with two UPS parcels, both in transit
            t.register(registration("shp-2", "ups", "courier-sync", "1Z0000000000000001", "1Z0000000000000002").build());
            Instant day = Instant.parse("2024-01-18T08:00:00Z");
            t.send(courierSync("ups", "1Z0000000000000001", "in_transit", "in_transit_007", day).build());
            t.send(courierSync("ups", "1Z0000000000000002", "in_transit", "in_transit_003", day.plusSeconds(60)).build());

            // When the first parcel is delivered
            t.send(courierSync("ups", "1Z0000000000000001", "delivered", "delivered_001", Instant.parse("2024-01-19T14:45:00Z")).build());

            // Then the shipment is partially delivered and no order is closed yet
            assertThat(t.shipmentsStore().get("shp-2").getStatus()).isEqualTo(ShipmentStatus.PARTIALLY_DELIVERED);
            assertThat(t.autoClose.isEmpty()).isTrue();

            // When the second parcel is delivered later
            t.send(courierSync("ups", "1Z0000000000000002", "delivered", "delivered_003", Instant.parse("2024-01-20T16:10:00Z")).build());

            // Then the shipment is delivered, at the last parcel's delivered date, and one auto-close is requested
            Shipment shipment = t.shipmentsStore().get("shp-2");
            assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(shipment.getDeliveredAt()).isEqualTo(Instant.parse("2024-01-20T16:10:00Z"));
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo).containsExactly(
                    ShipmentStatus.PENDING, ShipmentStatus.IN_TRANSIT, ShipmentStatus.PARTIALLY_DELIVERED, ShipmentStatus.DELIVERED);
            List<KeyValue<String, OrderAutoCloseRequested>> requests = t.autoClose.readKeyValuesToList();
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).key).isEqualTo("6640c1b2d4e5f60102030406");
            OrderAutoCloseRequested request = requests.get(0).value;
            assertThat(request.getRequestId()).isEqualTo("shp-2:delivered");
            assertThat(request.getDeliveredAt()).isEqualTo(Instant.parse("2024-01-20T16:10:00Z"));
            assertThat(request.getTrackingNumbers()).containsExactly("1Z0000000000000001", "1Z0000000000000002");
            assertThat(request.getPartnerOrderReference()).isEqualTo("PO-shp-2");
            assertThat(t.autoCloseStore().get("shp-2")).isNotNull();
        }
    }

    @Test
    void theSecondOfThreeParcelsDeliveredIsPublishedAsAParcelChangeWhileTheShipmentStatusStays() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given a shipment of three UPS parcels in transit, the first of them delivered
            String first = "1Z0000000000000001", second = "1Z0000000000000002", third = "1Z0000000000000003";
            t.register(registration("shp-3", "ups", "courier-sync", first, second, third).build());
            Instant day = Instant.parse("2024-01-18T08:00:00Z");
            for (String parcel : List.of(first, second, third)) {
                t.send(courierSync("ups", parcel, "in_transit", "in_transit_007", day).build());
            }
            t.send(courierSync("ups", first, "delivered", "delivered_001", Instant.parse("2024-01-19T14:45:00Z")).build());
            assertThat(t.shipmentsStore().get("shp-3").getStatus()).isEqualTo(ShipmentStatus.PARTIALLY_DELIVERED);
            List<ShipmentStatusChanged> statusChangesBefore = t.statusChanges.readValuesToList();
            // (the first delivery changed the shipment's status too, and says so)
            assertThat(t.parcelChanges.readValuesToList()).last().satisfies(change -> {
                assertThat(change.getShipmentStatusChanged()).isTrue();
                assertThat(change.getChangeId()).isEqualTo(statusChangesBefore.get(statusChangesBefore.size() - 1).getChangeId());
            });

            // When the second parcel is delivered
            t.send(courierSync("ups", second, "delivered", "delivered_003", Instant.parse("2024-01-20T09:30:00Z")).build());

            // Then the shipment stays PARTIALLY_DELIVERED: no status change
            Shipment shipment = t.shipmentsStore().get("shp-3");
            assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PARTIALLY_DELIVERED);
            assertThat(t.statusChanges.isEmpty()).isTrue();
            // but the second parcel's change is published, for this version, with the whole shipment
            List<KeyValue<String, ParcelStatusChanged>> changes = t.parcelChanges.readKeyValuesToList();
            assertThat(changes).hasSize(1);
            assertThat(changes.get(0).key).isEqualTo("shp-3");
            ParcelStatusChanged change = changes.get(0).value;
            assertThat(change.getChangeId()).isEqualTo("shp-3:" + shipment.getVersion());
            assertThat(change.getShipmentStatusChanged()).isFalse();
            assertThat(change.getTenant()).isEqualTo("store-athens");
            assertThat(change.getParcels()).singleElement().satisfies(parcel -> {
                assertThat(parcel.getParcelKey()).isEqualTo("ups:" + second);
                assertThat(parcel.getLabelId()).isEqualTo("label-" + second);
                assertThat(parcel.getFrom()).isEqualTo(CanonicalStatus.IN_TRANSIT);
                assertThat(parcel.getTo()).isEqualTo(CanonicalStatus.DELIVERED);
                assertThat(parcel.getCauseCarrierStatusCode()).isEqualTo("delivered");
                assertThat(parcel.getCauseEventTime()).isEqualTo(Instant.parse("2024-01-20T09:30:00Z"));
            });
            assertThat(change.getShipment()).isEqualTo(shipment);
            assertThat(change.getShipment().getParcels()).extracting(Parcel::getStatus).containsExactly(
                    CanonicalStatus.DELIVERED, CanonicalStatus.DELIVERED, CanonicalStatus.IN_TRANSIT);
            assertThat(t.autoClose.isEmpty()).isTrue();

            // When the same delivery is re-sent, and the third parcel has news that keeps its status
            t.send(courierSync("ups", second, "delivered", "delivered_003", Instant.parse("2024-01-20T09:30:00Z")).build());
            t.send(courierSync("ups", third, "in_transit", "in_transit_003", Instant.parse("2024-01-20T10:00:00Z")).build());

            // Then no parcel changed status, and nothing is published on either topic
            assertThat(t.parcelChanges.isEmpty()).isTrue();
            assertThat(t.statusChanges.isEmpty()).isTrue();
        }
    }

    @Test
    void theSameHistoryResentTenTimesIsAppliedOnce() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());

            // When the poller re-sends the whole history on each of 10 polls (new eventId and receivedTime each time)
            for (int poll = 0; poll < 10; poll++) {
                t.sendPoll(shiplemonDeliveredHistory(ELTA_TRACKING, POLLED_AT.plusSeconds(1800L * poll)));
            }

            // Then each carrier event is in the history once, and the shipment changed as often as for one send
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).hasSize(3);
            assertThat(t.metrics.count("in")).isEqualTo(30);
            assertThat(t.metrics.count("duplicates")).isEqualTo(27);
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getChangeId)
                    .containsExactly("shp-1:1", "shp-1:2");
            assertThat(t.shipments.readValuesToList()).extracting(Shipment::getVersion).containsExactly(1L, 2L);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);
            assertThat(t.shipmentsStore().get("shp-1").getVersion()).isEqualTo(2L);
        }
    }

    @Test
    void aHistoryDatedLongBeforeItsReceiptIsDedupedByTheParcelsOwnHistory() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());

            // the 2023 seed history, received in July 2024: deduped by the parcel however old its events are
            for (int poll = 0; poll < 3; poll++) {
                t.sendPoll(shiplemonOutOfOrderHistory(ELTA_TRACKING, POLLED_AT.plusSeconds(1800L * poll)));
            }

            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).hasSize(4);
            assertThat(t.metrics.count("duplicates")).isEqualTo(8);
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo)
                    .containsExactly(ShipmentStatus.PENDING, ShipmentStatus.EXCEPTION);
        }
    }

    @Test
    void aResentRegistrationChangesNothing() {
        try (TopologyHarness t = new TopologyHarness()) {
            ShipmentRegistration registration = registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build();
            t.register(registration);
            t.shipments.readValuesToList();
            t.statusChanges.readValuesToList();
            t.pollTargets.readValuesToList();

            t.register(ShipmentRegistration.newBuilder(registration).setUpdatedAt(registration.getUpdatedAt().plusSeconds(60)).build());

            assertThat(t.shipments.isEmpty()).isTrue();
            assertThat(t.statusChanges.isEmpty()).isTrue();
            assertThat(t.pollTargets.isEmpty()).isTrue();
        }
    }

    @Test
    void eventsBeforeTheRegistrationArePickedUpWhenItArrives() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given events for a parcel nobody registered yet
            Instant day = Instant.parse("2024-01-18T08:00:00Z");
            t.send(courierSync("ups", "1Z0000000000000001", "info_received", "info_received_001", day).build());
            t.send(courierSync("ups", "1Z0000000000000001", "in_transit", "in_transit_002", day.plusSeconds(3600)).build());

            // Then they are kept on the parcel, but no shipment exists yet
            assertThat(t.parcelsStore().get("ups:1Z0000000000000001").getStatus()).isEqualTo(CanonicalStatus.PICKED_UP);
            assertThat(t.shipments.isEmpty()).isTrue();
            assertThat(t.pollTargets.isEmpty()).isTrue();

            // When the registration arrives
            t.register(registration("shp-3", "ups", "courier-sync", "1Z0000000000000001").build());

            // Then the shipment starts with the parcel's status and latest event; the parcel keeps both events
            Shipment shipment = t.shipmentsStore().get("shp-3");
            assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKED_UP);
            assertThat(shipment.getParcels().get(0).getHistory()).extracting(TrackingEvent::getCarrierStatusCode)
                    .containsExactly("in_transit");
            assertThat(shipment.getParcels().get(0).getHistoryOmitted()).isEqualTo(1);
            assertThat(t.parcelsStore().get("ups:1Z0000000000000001").getHistory()).hasSize(2);
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getFrom, ShipmentStatusChanged::getTo)
                    .containsExactly(tuple(null, ShipmentStatus.PICKED_UP));
            PollTarget target = t.pollTargets.readValue();
            assertThat(target.getProvider()).isEqualTo("courier-sync");
            assertThat(target.getProviderReference()).isEqualTo("ship_1234567890abcdef");
            assertThat(target.getCurrentStatus()).isEqualTo(CanonicalStatus.PICKED_UP);
            assertThat(t.byOrderStore().get(OrderIndex.key("store-athens", "6640c1b2d4e5f60102030406", "shp-3"))).isEqualTo("shp-3");
        }
    }

    @Test
    void aDeliveredShopifyOrderIsNeverAutoClosed() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-4", "elta", "shiplemon", ELTA_TRACKING).setSalesChannel("Shopify").build());

            t.sendAll(shiplemonDeliveredHistory(ELTA_TRACKING, POLLED_AT));

            assertThat(t.shipmentsStore().get("shp-4").getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo).contains(ShipmentStatus.DELIVERED);
            assertThat(t.autoClose.isEmpty()).isTrue();
            assertThat(t.metrics.count("autoClose:skipped")).isEqualTo(1);
        }
    }

    @Test
    void autoCloseFiresOnlyTheFirstTimeAShipmentIsDelivered() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-5", "ups", "courier-sync", "1Z0000000000000001").build());
            t.send(courierSync("ups", "1Z0000000000000001", "delivered", "delivered_001", Instant.parse("2024-01-19T14:45:00Z")).build());
            // a later-dated exception (the delivery was a mistake), then delivered again
            t.send(courierSync("ups", "1Z0000000000000001", "exception", "exception_007", Instant.parse("2024-01-19T18:00:00Z")).build());
            t.send(courierSync("ups", "1Z0000000000000001", "delivered", "delivered_002", Instant.parse("2024-01-20T11:00:00Z")).build());

            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo).containsExactly(
                    ShipmentStatus.PENDING, ShipmentStatus.DELIVERED, ShipmentStatus.EXCEPTION, ShipmentStatus.DELIVERED);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);
            Parcel parcel = t.parcelsStore().get("ups:1Z0000000000000001");
            assertThat(parcel.getHistory()).extracting(TrackingEvent::getReason)
                    .containsExactly(ReasonCode.NONE, ReasonCode.ADDRESS_ISSUE, ReasonCode.NONE);
        }
    }

    @Test
    void anUnknownCodeBecomesUnknownIsDeadLetteredWithItsPayloadAndTheStreamGoesOn() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-6", "ups", "courier-sync", "1Z0000000000000001").build());
            t.send(courierSync("ups", "1Z0000000000000001", "in_transit", null, Instant.parse("2024-01-18T08:00:00Z")).build());
            RawTrackingEvent teleported = courierSync("ups", "1Z0000000000000001", "teleported", "teleported_001",
                    Instant.parse("2024-01-18T09:00:00Z")).build();

            t.send(teleported);
            t.send(teleported); // a repeat is not dead-lettered twice
            t.send(courierSync("ups", "1Z0000000000000001", "out_for_delivery", "out_for_delivery_001",
                    Instant.parse("2024-01-18T10:00:00Z")).build());

            List<KeyValue<String, RejectedEvent>> rejected = t.rejected.readKeyValuesToList();
            assertThat(rejected).hasSize(1);
            assertThat(rejected.get(0).key).isEqualTo("ups:1Z0000000000000001");
            RejectedEvent rejection = rejected.get(0).value;
            assertThat(rejection.getReason()).isEqualTo(RejectionReason.UNMAPPED_STATUS);
            assertThat(rejection.getCarrierStatusCode()).isEqualTo("teleported");
            assertThat(rejection.getCarrierSubstatus()).isEqualTo("teleported_001");
            assertThat(rejection.getRawPayload()).isEqualTo(teleported.getRawPayload().rewind());
            assertThat(rejection.getSourceTopic()).isEqualTo("tracking.raw.v1");
            assertThat(t.metrics.count("unmapped:courier-sync")).isEqualTo(1);

            Parcel parcel = t.parcelsStore().get("ups:1Z0000000000000001");
            assertThat(parcel.getHistory()).extracting(TrackingEvent::getStatus).containsExactly(
                    CanonicalStatus.IN_TRANSIT, CanonicalStatus.UNKNOWN, CanonicalStatus.OUT_FOR_DELIVERY);
            assertThat(parcel.getStatus()).isEqualTo(CanonicalStatus.OUT_FOR_DELIVERY);
            assertThat(t.shipmentsStore().get("shp-6").getStatus()).isEqualTo(ShipmentStatus.OUT_FOR_DELIVERY);
        }
    }

    @Test
    void anUnknownProviderIsDeadLettered() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.send(courierSync("ups", "1Z0000000000000009", "in_transit", null, Instant.parse("2024-01-18T08:00:00Z"))
                    .setProvider("pigeon-post").build());

            RejectedEvent rejection = t.rejected.readValue();
            assertThat(rejection.getReason()).isEqualTo(RejectionReason.UNKNOWN_PROVIDER);
            assertThat(t.parcelsStore().get("ups:1Z0000000000000009").getStatus()).isEqualTo(CanonicalStatus.UNKNOWN);
        }
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAndTheStreamGoesOn() {
        try (TopologyHarness t = new TopologyHarness()) {
            byte[] garbage = "{\"status\":\"TRANSIT\"}".getBytes(StandardCharsets.UTF_8);
            t.rawBytes.pipeInput(ELTA_PARCEL, garbage);
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-13T09:00:00.000Z", "ΣΕ ΜΕΤΑΦΟΡΑ").build());

            RejectedEvent rejection = t.rejected.readValue();
            assertThat(rejection.getReason()).isEqualTo(RejectionReason.DESERIALIZATION_FAILED);
            assertThat(rejection.getRawPayload()).isEqualTo(ByteBuffer.wrap(garbage));
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.IN_TRANSIT);
        }
    }

    @Test
    void anEventKeyedByAnotherParcelIsRejected() {
        try (TopologyHarness t = new TopologyHarness()) {
            RawTrackingEvent event = shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-13T09:00:00.000Z", "x").build();
            t.raw.pipeInput(ELTA_TRACKING, event); // keyed by the tracking number alone

            assertThat(t.rejected.readValue().getReason()).isEqualTo(RejectionReason.INVALID_VALUE);
            assertThat(t.parcelsStore().get(ELTA_PARCEL)).isNull();
        }
    }

    @Test
    void anInvalidRegistrationIsDeadLettered() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-7", "elta", "shiplemon").build()); // no parcels

            RejectedEvent rejection = t.rejected.readValue();
            assertThat(rejection.getReason()).isEqualTo(RejectionReason.INVALID_VALUE);
            assertThat(rejection.getField()).isEqualTo("parcels");
            assertThat(t.shipments.isEmpty()).isTrue();
        }
    }

    @Test
    void aRegistrationOfAnotherTenantsShipmentIsRefusedAndChangesNothing() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given a shipment registered by one store
            ShipmentRegistration mine = registration("shp-9", "elta", "shiplemon", ELTA_TRACKING).build();
            t.register(mine);
            drainOutputs(t);
            Shipment before = t.shipmentsStore().get("shp-9");

            // When another tenant registers the same shipment id, with its own order
            t.register(ShipmentRegistration.newBuilder(mine).setTenant("store-intruder").setOrderId("their-order")
                    .setUpdatedAt(mine.getUpdatedAt().plusSeconds(60)).build());

            // Then it is dead-lettered with the reason, counted, and the shipment, its parcel and its outputs are untouched
            RejectedEvent rejection = t.rejected.readValue();
            assertThat(rejection.getReason()).isEqualTo(RejectionReason.INVALID_VALUE);
            assertThat(rejection.getField()).isEqualTo("tenant");
            assertThat(rejection.getDetail()).contains("shp-9", "another tenant").doesNotContain("store-athens");
            assertThat(t.metrics.count("tenantConflict")).isEqualTo(1);
            assertThat(t.shipmentsStore().get("shp-9")).isEqualTo(before);
            assertThat(t.byOrderStore().get(OrderIndex.key("store-intruder", "their-order", "shp-9"))).isNull();
            assertThat(t.claimsOf(ELTA_PARCEL)).extracting(ShipmentRegistration::getTenant).containsExactly("store-athens");
            assertThat(t.shipments.isEmpty()).isTrue();
            assertThat(t.statusChanges.isEmpty()).isTrue();
            assertThat(t.pollTargets.isEmpty()).isTrue();

            // and the owner's own updates still apply
            t.register(ShipmentRegistration.newBuilder(mine).setPartnerOrderReference("ORD-9b")
                    .setUpdatedAt(mine.getUpdatedAt().plusSeconds(120)).build());
            assertThat(t.shipmentsStore().get("shp-9").getPartnerOrderReference()).isEqualTo("ORD-9b");
            assertThat(t.rejected.isEmpty()).isTrue();
        }
    }

    @Test
    void aShipmentRegisteredBeforeTenantsWereRememberedCannotBeTakenOverEither() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given a shipment whose registration predates the shipment-tenants store (state of an older version)
            ShipmentRegistration mine = registration("shp-10", "elta", "shiplemon", ELTA_TRACKING).build();
            t.register(mine);
            drainOutputs(t);
            Shipment before = t.shipmentsStore().get("shp-10");
            t.driver.<String, String>getKeyValueStore(TopologyNames.SHIPMENT_TENANTS_STORE).delete("shp-10");

            // When another tenant registers the same id
            t.register(ShipmentRegistration.newBuilder(mine).setTenant("store-intruder")
                    .setUpdatedAt(mine.getUpdatedAt().plusSeconds(60)).build());

            // Then neither the parcel's claim nor the shipment changes hands
            assertThat(t.claimsOf(ELTA_PARCEL)).extracting(ShipmentRegistration::getTenant).containsExactly("store-athens");
            assertThat(t.shipmentsStore().get("shp-10")).isEqualTo(before);
            assertThat(t.shipments.isEmpty()).isTrue();
        }
    }

    @Test
    void statusCountsFollowEveryShipmentAndAStoreWithoutThemIsCountedOnce() {
        try (TopologyHarness t = new TopologyHarness()) {
            var counts = t.driver.<String, Long>getKeyValueStore(TopologyNames.SHIPMENT_STATUS_COUNTS_STORE);
            // Given two registered shipments, one of which the carrier then delivers
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            t.register(registration("shp-2", "elta", "shiplemon", "ZU500099999GR").build());
            t.sendAll(shiplemonDeliveredHistory(ELTA_TRACKING, POLLED_AT));

            // Then the counts the gauge reads say so, and mark themselves complete at the first flush tick
            assertThat(counts.get("PENDING")).isEqualTo(1L);
            assertThat(counts.get("DELIVERED")).isEqualTo(1L);
            assertThat(counts.get(StatusCounts.COUNTED)).isEqualTo(1L);

            // When the counts are missing, as in a store made before they existed
            List<String> keys = new ArrayList<>();
            try (var all = counts.all()) {
                all.forEachRemaining(e -> keys.add(e.key));
            }
            keys.forEach(counts::delete);
            t.flush();

            // Then the next flush tick counts the shipments store once
            assertThat(counts.get("PENDING")).isEqualTo(1L);
            assertThat(counts.get("DELIVERED")).isEqualTo(1L);
            assertThat(counts.get("IN_TRANSIT")).isZero();
            assertThat(counts.get(StatusCounts.COUNTED)).isEqualTo(1L);

            // and from then on each status change moves one shipment from one count to another
            t.sendAll(shiplemonDeliveredHistory("ZU500099999GR", POLLED_AT));
            assertThat(counts.get("PENDING")).isZero();
            assertThat(counts.get("DELIVERED")).isEqualTo(2L);
        }
    }

    private static void drainOutputs(TopologyHarness t) {
        t.shipments.readValuesToList();
        t.statusChanges.readValuesToList();
        t.pollTargets.readValuesToList();
        t.rejected.readValuesToList();
    }

    @Test
    void aParcelThatIsNotPolledGetsNoPollTarget() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-8", "ups", "courier-sync", "1Z0000000000000001").setPolled(false).build());
            t.send(courierSync("ups", "1Z0000000000000001", "in_transit", null, Instant.parse("2024-01-18T08:00:00Z")).build());

            assertThat(t.pollTargets.isEmpty()).isTrue();
            assertThat(t.shipmentsStore().get("shp-8").getStatus()).isEqualTo(ShipmentStatus.IN_TRANSIT);
        }
    }

    @Test
    void historyIsBoundedToTheConfiguredNumberOfEntries() {
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults().withMaxHistoryEntries(3))) {
            Instant start = Instant.parse("2024-01-18T08:00:00Z");
            for (int i = 0; i < 5; i++) {
                t.send(courierSync("ups", "1Z0000000000000001", "in_transit", "in_transit_00" + (i + 1), start.plusSeconds(3600L * i))
                        .setCarrierStatusText("scan " + i).build());
            }
            // an event older than everything kept is not re-added
            t.send(courierSync("ups", "1Z0000000000000001", "info_received", null, start.minusSeconds(3600)).build());

            assertThat(t.parcelsStore().get("ups:1Z0000000000000001").getHistory())
                    .extracting(TrackingEvent::getCarrierStatusText).containsExactly("scan 2", "scan 3", "scan 4");
        }
    }

    @Test
    void latencyIsMeasuredFromCarrierTimeAndReceivedTime() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-15T09:06:00.000Z", "x")
                    .setReceivedTime(Instant.parse("2024-07-15T10:05:00Z")).setEventId(UUID.randomUUID().toString()).build());

            // the driver's wall clock is 10:06
            assertThat(t.metrics.sinceEventTime).containsExactly(java.time.Duration.ofHours(1));
            assertThat(t.metrics.sinceReceived).containsExactly(java.time.Duration.ofMinutes(1));
        }
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
