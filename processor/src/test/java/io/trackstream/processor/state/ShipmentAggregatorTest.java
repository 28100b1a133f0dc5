package io.trackstream.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.processor.testing.Seeds;

class ShipmentAggregatorTest {

    private static final Instant NOW = Instant.parse("2024-01-20T12:00:00Z");
    private final ShipmentRegistration registration = Seeds.registration("shp-1", "ups", "courier-sync", "1Z1", "1Z2").build();

    @Test
    void aNewShipmentListsEveryRegisteredParcelAndIsPending() {
        Shipment shipment = ShipmentAggregator.next(null, registration, key -> null, NOW);

        assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PENDING);
        assertThat(shipment.getParcels()).extracting(Parcel::getParcelKey).containsExactly("ups:1Z1", "ups:1Z2");
        assertThat(shipment.getParcels()).extracting(Parcel::getLabelId).containsExactly("label-1Z1", "label-1Z2");
        assertThat(shipment.getVersion()).isEqualTo(1L);
        assertThat(shipment.getStatusChangedAt()).isEqualTo(NOW);
        assertThat(shipment.getAttributes()).containsEntry("ShopId", "8");
        assertThat(shipment.getProviderReference()).isEqualTo("ship_1234567890abcdef");
    }

    @Test
    void nothingVisibleChangedMeansTheSameShipment() {
        Shipment first = ShipmentAggregator.next(null, registration, key -> null, NOW);
        assertThat(ShipmentAggregator.next(first, registration, key -> null, NOW.plusSeconds(60))).isSameAs(first);
    }

    @Test
    void aChangedParcelMakesANewVersionAndDeliveredTakesTheLastParcelsDate() {
        Shipment first = ShipmentAggregator.next(null, registration, key -> null, NOW);
        Map<String, Parcel> states = Map.of(
                "ups:1Z1", delivered("ups:1Z1", "2024-01-19T10:00:00Z"),
                "ups:1Z2", delivered("ups:1Z2", "2024-01-20T09:00:00Z"));

        Shipment second = ShipmentAggregator.next(first, registration, states::get, NOW.plusSeconds(60));

        assertThat(second.getVersion()).isEqualTo(2L);
        assertThat(second.getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(second.getDeliveredAt()).isEqualTo(Instant.parse("2024-01-20T09:00:00Z"));
        assertThat(second.getLastCarrierUpdate()).isEqualTo(Instant.parse("2024-01-20T09:05:00Z"));
        assertThat(second.getCreatedAt()).isEqualTo(NOW);
    }

    @Test
    void aParcelNoLongerRegisteredIsNotPartOfTheShipment() {
        ShipmentRegistration onlyFirst = Seeds.registration("shp-1", "ups", "courier-sync", "1Z1").build();
        Shipment shipment = ShipmentAggregator.next(null, onlyFirst,
                Map.of("ups:1Z2", delivered("ups:1Z2", "2024-01-20T09:00:00Z"))::get, NOW);
        assertThat(shipment.getParcels()).extracting(Parcel::getParcelKey).containsExactly("ups:1Z1");
        assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PENDING);
    }

    private static Parcel delivered(String key, String at) {
        return Parcel.newBuilder().setParcelKey(key).setCarrier("ups").setTrackingNumber(key.substring(4))
                .setStatus(CanonicalStatus.DELIVERED).setReason(ReasonCode.NONE)
                .setStatusEventTime(Instant.parse(at)).setDeliveredAt(Instant.parse(at))
                .setLastCarrierUpdate(Instant.parse(at).plusSeconds(300))
                .setLabelId("label-" + key.substring(4))
                .build();
    }
}
