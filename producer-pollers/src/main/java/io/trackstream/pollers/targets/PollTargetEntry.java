package io.trackstream.pollers.targets;

import java.util.Objects;

import io.trackstream.contract.ParcelKey;

/** A parcel to keep polling, and how: which provider, with which id, under which carrier account (null: the default). */
public record PollTargetEntry(ParcelKey parcel, String tenant, String shipmentId, String orderId, String provider,
        String reference, String carrierAccount) {

    public PollTargetEntry {
        Objects.requireNonNull(parcel, "parcel");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(reference, "reference");
    }
}
