package io.trackstream.processor.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.trackstream.processor.topology.tuning.RecentValues;
import io.trackstream.avro.ShipmentRegistration;

/**
 * The shipments that list a parcel, each with its latest registration, in the order they first claimed it. Tracking
 * numbers are the carrier's, not a tenant's: a marketplace and its seller, or a 3PL and its client, may each
 * register the same parcel, and every one of their shipments hears its events. The first polled claim says how the
 * parcel is polled.
 */
public record ParcelClaims(List<ShipmentRegistration> shipments) {

    static final ParcelClaims NONE = new ParcelClaims(List.of());

    public ParcelClaims {
        shipments = List.copyOf(shipments);
    }

    /** Estimated encoded size, for {@link RecentValues}. */
    int weight() {
        int weight = 8;
        for (ShipmentRegistration claim : shipments) {
            weight += io.trackstream.processor.state.RecordSize.of(claim);
        }
        return weight;
    }

    boolean isEmpty() {
        return shipments.isEmpty();
    }

    public Optional<ShipmentRegistration> of(String shipmentId) {
        for (ShipmentRegistration claim : shipments) {
            if (claim.getShipmentId().equals(shipmentId)) {
                return Optional.of(claim);
            }
        }
        return Optional.empty();
    }

    /** The claim whose registration decides polling: the first polled one, else the first. */
    Optional<ShipmentRegistration> primary() {
        for (ShipmentRegistration claim : shipments) {
            if (claim.getPolled()) {
                return Optional.of(claim);
            }
        }
        return shipments.isEmpty() ? Optional.empty() : Optional.of(shipments.get(0));
    }

    /** With {@code registration} as its shipment's claim, in place, or added last. */
    ParcelClaims with(ShipmentRegistration registration) {
        List<ShipmentRegistration> next = new ArrayList<>(shipments.size() + 1);
        boolean replaced = false;
        for (ShipmentRegistration claim : shipments) {
            if (claim.getShipmentId().equals(registration.getShipmentId())) {
                next.add(registration);
                replaced = true;
            } else {
                next.add(claim);
            }
        }
        if (!replaced) {
            next.add(registration);
        }
        return new ParcelClaims(next);
    }

    ParcelClaims without(String shipmentId) {
        return new ParcelClaims(shipments.stream().filter(c -> !c.getShipmentId().equals(shipmentId)).toList());
    }
}
