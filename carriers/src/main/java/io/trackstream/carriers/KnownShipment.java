package io.trackstream.carriers;

import java.util.List;

import io.trackstream.contract.ParcelKey;

/**
 * What a receiver already knows about the shipment a payload is about: the id it called the provider with and the
 * parcels registered behind it. It fills in what a payload leaves out, never overrides what the payload says. A
 * webhook knows nothing beforehand ({@link #NONE}).
 */
public record KnownShipment(String reference, List<ParcelKey> parcels) {

    public static final KnownShipment NONE = new KnownShipment(null, List.of());

    public KnownShipment {
        parcels = parcels == null ? List.of() : List.copyOf(parcels);
    }

    /** The one parcel known, when there is exactly one: the fallback for a payload without a tracking number. */
    public ParcelKey onlyParcel() {
        return parcels.size() == 1 ? parcels.get(0) : null;
    }

    /** The carrier registered for this tracking number, if the parcel is known. */
    public String carrierOf(String trackingNumber) {
        if (trackingNumber == null) {
            return null;
        }
        return parcels.stream().filter(p -> p.trackingNumber().equals(trackingNumber.trim()))
                .map(ParcelKey::carrier).findFirst().orElse(null);
    }
}
