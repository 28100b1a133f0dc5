package io.trackstream.notifier.order;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.trackstream.avro.ShipmentStatus;

/**
 * A shipment as it is after one status change (from {@code ShipmentStatusChanged}). {@code changeId} is
 * deterministic (shipment id and version), so it is the idempotency key of the call; {@code version} orders one
 * shipment's changes (a later change has a higher one).
 */
public record ShipmentChange(
        String changeId,
        long version,
        String tenant,
        String orderId,
        String shipmentId,
        ShipmentStatus from,
        ShipmentStatus to,
        String carrier,
        String carrierName,
        List<ParcelState> parcels,
        List<String> trackingUrls,
        Instant lastCarrierUpdate,
        Instant deliveredAt,
        Instant createdAt,
        boolean isReturn,
        Map<String, String> attributes) {

    public ShipmentChange {
        parcels = List.copyOf(parcels);
        trackingUrls = trackingUrls == null ? List.of() : List.copyOf(trackingUrls);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
