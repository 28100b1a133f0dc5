package io.trackstream.notifier.order;

import java.util.List;

/**
 * A shipment as it is after a version in which some of its parcels (labels) changed status (from
 * {@code ParcelStatusChanged}). {@code shipment} carries the version's change id and every label;
 * {@code shipmentStatusChanged} says the same version is also a status change, which reaches the order systems on
 * its own.
 */
public record LabelChange(ShipmentChange shipment, List<String> changedTrackingNumbers, boolean shipmentStatusChanged) {

    public LabelChange {
        changedTrackingNumbers = List.copyOf(changedTrackingNumbers);
    }
}
