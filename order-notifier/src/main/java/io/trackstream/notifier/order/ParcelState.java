package io.trackstream.notifier.order;

import java.time.Instant;

import io.trackstream.avro.CanonicalStatus;

/** One parcel of a shipment as the order systems see it: one shipping label. {@code status} is null before any scan. */
public record ParcelState(
        String trackingNumber,
        String labelId,
        CanonicalStatus status,
        String lastCarrierStatusCode,
        String lastCarrierStatusText,
        Instant lastCarrierUpdate,
        Instant deliveredAt,
        String trackingUrl) {
}
