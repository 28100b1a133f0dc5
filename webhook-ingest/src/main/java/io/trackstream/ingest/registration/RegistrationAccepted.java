package io.trackstream.ingest.registration;

import java.util.List;

/** The answer to an accepted registration: the shipment, its tenant (from the token) and the parcel keys to be tracked. */
public record RegistrationAccepted(String shipmentId, String tenant, String orderId, String provider, boolean polled,
        List<String> parcelKeys) {
}
