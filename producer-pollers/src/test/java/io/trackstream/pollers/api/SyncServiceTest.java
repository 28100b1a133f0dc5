package io.trackstream.pollers.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.carrier.CarrierObservation;
import io.trackstream.pollers.shipments.ShipmentView;
import io.trackstream.pollers.shipments.ShipmentViewConverter;
import io.trackstream.pollers.support.Shipments;
import org.junit.jupiter.api.Test;

class SyncServiceTest {

    private static final Instant NEWEST = Instant.parse("2024-07-15T10:02:00Z");

    private static CarrierObservation observed(String code, Instant at) {
        return new CarrierObservation(ParcelKey.of("elta", "ZU1"), code, null, null, at, null, null, null, null, null, null,
                List.of(), Map.of());
    }

    private static ShipmentView stateSetAt(Instant statusEventTime) {
        var builder = Shipments.shipment("s-1", "store-1", "o-1", "shiplemon", "ref", "elta", "ZU1");
        if (statusEventTime != null) {
            builder.carrierEvent("DELIVERED", statusEventTime);
        }
        return ShipmentViewConverter.toView(builder.build());
    }

    @Test
    void a_state_set_by_the_polls_newest_event_already_answers_the_poll() {
        var poll = List.of(observed("PRE_TRANSIT", NEWEST.minusSeconds(3600)), observed("DELIVERED", NEWEST));

        assertThat(SyncService.alreadyHoldsNewest(stateSetAt(NEWEST), poll)).isTrue();
    }

    @Test
    void a_state_older_than_the_polls_newest_event_does_not() {
        var poll = List.of(observed("DELIVERED", NEWEST));

        assertThat(SyncService.alreadyHoldsNewest(stateSetAt(NEWEST.minusSeconds(60)), poll)).isFalse();
        assertThat(SyncService.alreadyHoldsNewest(stateSetAt(null), poll)).isFalse();
    }

    @Test
    void a_parcel_the_state_does_not_know_is_news() {
        var poll = List.of(new CarrierObservation(ParcelKey.of("elta", "ZU9"), "TRANSIT", null, null, NEWEST, null, null,
                null, null, null, null, List.of(), Map.of()));

        assertThat(SyncService.alreadyHoldsNewest(stateSetAt(NEWEST), poll)).isFalse();
    }
}
