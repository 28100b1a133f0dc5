package io.trackstream.processor.state;

import java.util.Collection;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ShipmentStatus;

/**
 * A shipment's status from its parcels' statuses (null: a parcel with no carrier event yet): all delivered is
 * DELIVERED; some delivered is PARTIALLY_DELIVERED; otherwise the least-advanced parcel's status in the order of
 * {@link ParcelStatusRules#progress}, where a parcel without events is PENDING and counts as least advanced.
 */
public final class ShipmentStatusRules {

    private ShipmentStatusRules() {
    }

    public static ShipmentStatus derive(Collection<CanonicalStatus> parcelStatuses) {
        if (parcelStatuses.isEmpty()) {
            return ShipmentStatus.PENDING;
        }
        long delivered = parcelStatuses.stream().filter(s -> s == CanonicalStatus.DELIVERED).count();
        if (delivered == parcelStatuses.size()) {
            return ShipmentStatus.DELIVERED;
        }
        if (delivered > 0) {
            return ShipmentStatus.PARTIALLY_DELIVERED;
        }
        CanonicalStatus least = null;
        int leastProgress = Integer.MAX_VALUE;
        for (CanonicalStatus status : parcelStatuses) {
            int progress = ParcelStatusRules.progress(status);
            if (progress < leastProgress) {
                least = status;
                leastProgress = progress;
            }
        }
        return least == null ? ShipmentStatus.PENDING : ShipmentStatus.valueOf(least.name());
    }

    /** Whether a shipment in this status needs no more polling of any of its parcels. */
    public static boolean isDelivered(ShipmentStatus status) {
        return status == ShipmentStatus.DELIVERED;
    }
}
