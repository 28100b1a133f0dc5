package io.trackstream.pollers.targets;

import java.util.Objects;

import io.trackstream.contract.ParcelKey;

/**
 * A parcel to keep polling, and how: which provider, with which id, under which carrier account (null: the default);
 * and the digest of the event keys the processor holds for it ({@code EventKeyDigest}; null: unknown, publish).
 */
public record PollTargetEntry(ParcelKey parcel, String tenant, String shipmentId, String orderId, String provider,
        String reference, String carrierAccount, String eventKeyDigest) {

    public PollTargetEntry {
        Objects.requireNonNull(parcel, "parcel");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(reference, "reference");
    }

    /** A target whose parcel's held events are not known. */
    public PollTargetEntry(ParcelKey parcel, String tenant, String shipmentId, String orderId, String provider,
            String reference, String carrierAccount) {
        this(parcel, tenant, shipmentId, orderId, provider, reference, carrierAccount, null);
    }
}
