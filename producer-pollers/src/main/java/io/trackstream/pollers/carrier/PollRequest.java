package io.trackstream.pollers.carrier;

import java.util.List;
import java.util.Objects;

import io.trackstream.carriers.KnownShipment;
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

    /** What the answer's reader may fall back on: the id called with and the parcels behind it. */
    public KnownShipment known() {
        return new KnownShipment(reference, knownParcels);
    }
}
