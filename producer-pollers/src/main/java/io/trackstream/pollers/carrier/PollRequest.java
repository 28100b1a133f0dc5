package io.trackstream.pollers.carrier;

import java.util.List;
import java.util.Objects;

import io.trackstream.contract.ParcelKey;

/**
 * One call to make to a provider: which API, the id it is called with, which configured carrier account, and the
 * parcels we already know behind that id (several parcels of one shipment share one call). The known parcels fill
 * in what an answer leaves out, never override what it says.
 */
public record PollRequest(String provider, String reference, String carrierAccount, List<ParcelKey> knownParcels) {

    public PollRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(reference, "reference");
        knownParcels = knownParcels == null ? List.of() : List.copyOf(knownParcels);
    }

    /** The one parcel we know, when there is exactly one: the fallback for an answer without a tracking number. */
    public ParcelKey onlyKnownParcel() {
        return knownParcels.size() == 1 ? knownParcels.get(0) : null;
    }

    /** The carrier we registered for this tracking number, if we know the parcel. */
    public String knownCarrierOf(String trackingNumber) {
        if (trackingNumber == null) {
            return null;
        }
        return knownParcels.stream().filter(p -> p.trackingNumber().equals(trackingNumber.trim()))
                .map(ParcelKey::carrier).findFirst().orElse(null);
    }
}
