package io.trackstream.processor.topology;

import java.util.Optional;

import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.state.ShipmentAggregator;

/** Small questions about registrations. */
final class Registrations {

    private Registrations() {
    }

    /**
     * Whether two registrations say the same thing, whatever their timestamps: a re-sent registration must not
     * make a new shipment version.
     */
    static boolean sameContent(ShipmentRegistration a, ShipmentRegistration b) {
        ShipmentRegistration copy = ShipmentRegistration.newBuilder(b)
                .setRegisteredAt(a.getRegisteredAt())
                .setUpdatedAt(a.getUpdatedAt())
                .build();
        return copy.equals(a);
    }

    /**
     * Whether {@code incoming} names the shipment of {@code stored} for another tenant. The registration fan-out
     * refuses those; this catches any that reached state kept from before it did (the stores never change tenant).
     */
    static boolean otherTenantsShipment(ShipmentRegistration stored, ShipmentRegistration incoming) {
        return stored.getShipmentId().equals(incoming.getShipmentId()) && !stored.getTenant().equals(incoming.getTenant());
    }

    static Optional<RegisteredParcel> labelOf(ShipmentRegistration registration, String parcelKey) {
        for (RegisteredParcel parcel : registration.getParcels()) {
            if (ShipmentAggregator.keyOf(registration, parcel).toString().equals(parcelKey)) {
                return Optional.of(parcel);
            }
        }
        return Optional.empty();
    }
}
