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
                .setRevision(a.getRevision())
                .build();
        return copy.equals(a);
    }

    /**
     * Whether {@code incoming} came before {@code known} on the registrations topic (the processor numbers each
     * shipment's registrations as it reads them). Registrations numbered before that was done are ordered by their
     * updatedAt, as they were then.
     */
    static boolean stale(ShipmentRegistration known, ShipmentRegistration incoming) {
        if (known.getRevision() > 0 || incoming.getRevision() > 0) {
            return incoming.getRevision() < known.getRevision();
        }
        return incoming.getUpdatedAt().isBefore(known.getUpdatedAt());
    }

    /**
     * Whether {@code incoming} names the shipment of {@code stored} for another tenant. The registration fan-out
     * refuses those; this catches any that reached state kept from before it did (the stores never change tenant).
     */
    static boolean otherTenantsShipment(ShipmentRegistration stored, ShipmentRegistration incoming) {
        return stored.getShipmentId().equals(incoming.getShipmentId()) && !stored.getTenant().equals(incoming.getTenant());
    }

    /** Whether two registrations poll their parcels the same way (the same poll target). */
    static boolean samePolling(ShipmentRegistration a, ShipmentRegistration b) {
        return a.getPolled() == b.getPolled() && a.getTenant().equals(b.getTenant()) && a.getShipmentId().equals(b.getShipmentId())
                && a.getOrderId().equals(b.getOrderId()) && a.getProvider().equals(b.getProvider())
                && java.util.Objects.equals(a.getProviderReference(), b.getProviderReference())
                && java.util.Objects.equals(a.getCarrierAccount(), b.getCarrierAccount());
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
