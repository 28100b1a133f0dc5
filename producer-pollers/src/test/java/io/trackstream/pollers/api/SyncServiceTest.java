package io.trackstream.pollers.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.pollers.shipments.ShipmentView;
import io.trackstream.pollers.shipments.ShipmentViewConverter;
import io.trackstream.pollers.support.Shipments;
import org.junit.jupiter.api.Test;

/** When a sync's poll counts as held by the processor: decided from the poll's own events, by their event keys. */
class SyncServiceTest {

    private static final Instant NEWEST = Instant.parse("2024-07-15T10:02:00Z");

    private static RawTrackingEvent observed(String code, String substatus, Instant at) {
        RawTrackingEvent event = new RawTrackingEvent();
        event.setCarrier("elta");
        event.setTrackingNumber("ZU1");
        event.setCarrierStatusCode(code);
        event.setCarrierSubstatus(substatus);
        event.setCarrierStatusText("ΠΑΡΑΔΟΣΗ");
        event.setEventTime(at);
        return event;
    }

    private static Shipments shipment() {
        return Shipments.shipment("s-1", "store-1", "o-1", "shiplemon", "ref", "elta", "ZU1");
    }

    @Test
    void a_shipment_holding_every_event_of_the_poll_answers_it() {
        var poll = List.of(observed("PRE_TRANSIT", null, NEWEST.minusSeconds(3600)), observed("DELIVERED", null, NEWEST));
        ShipmentView view = ShipmentViewConverter.toView(shipment()
                .holding("PRE_TRANSIT", null, "ΠΑΡΑΔΟΣΗ", NEWEST.minusSeconds(3600))
                .holding("DELIVERED", null, "ΠΑΡΑΔΟΣΗ", NEWEST).build());

        assertThat(SyncService.holdsEvery(view, poll)).isTrue();
    }

    @Test
    void an_event_that_does_not_move_the_status_is_waited_for_all_the_same_and_then_answers() {
        // a scan after DELIVERED (or an unmapped code): the status and its event time do not move
        var poll = List.of(observed("DELIVERED", null, NEWEST), observed("SCAN", null, NEWEST.plusSeconds(600)));
        Shipments delivered = shipment().carrierEvent("DELIVERED", NEWEST).holding("DELIVERED", null, "ΠΑΡΑΔΟΣΗ", NEWEST);

        assertThat(SyncService.holdsEvery(ShipmentViewConverter.toView(delivered.build()), poll)).isFalse();
        assertThat(SyncService.holdsEvery(ShipmentViewConverter.toView(
                delivered.holding("SCAN", null, "ΠΑΡΑΔΟΣΗ", NEWEST.plusSeconds(600)).build()), poll)).isTrue();
    }

    @Test
    void an_unrelated_update_does_not_count_and_a_substatus_is_part_of_the_event() {
        var poll = List.of(observed("TRANSIT", "WITH_COURIER", NEWEST));
        // the shipment moved on (a webhook during the poll), but not with this poll's event
        ShipmentView moved = ShipmentViewConverter.toView(shipment().holding("TRANSIT", null, "ΠΑΡΑΔΟΣΗ", NEWEST)
                .holding("EXCEPTION", null, "ΑΚΥΡΩΣΗ", NEWEST.plusSeconds(60)).version(5).build());

        assertThat(SyncService.holdsEvery(moved, poll)).isFalse();
    }
}
