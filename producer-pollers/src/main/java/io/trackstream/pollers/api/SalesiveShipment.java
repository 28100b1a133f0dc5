package io.trackstream.pollers.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.trackstream.pollers.shipments.ShipmentView;

/**
 * The {@code data} of the Salesive-shaped sync answer: the seed's shipment fields, with {@code status} in
 * trackstream's canonical vocabulary (IN_TRANSIT, DELIVERED, ...), and each parcel's state.
 */
public record SalesiveShipment(
        @JsonProperty("_id") String id,
        List<String> orders,
        String carrier,
        String trackingNumber,
        String trackingUrl,
        String status,
        Map<String, Object> metadata,
        List<ParcelState> parcels,
        Instant expectedDelivery,
        Instant deliveredAt,
        Instant createdAt,
        Instant updatedAt) {

    static SalesiveShipment of(SyncOutcome outcome) {
        ShipmentView s = outcome.shipment();
        ShipmentView.ParcelView first = s.parcels().isEmpty() ? null : s.parcels().get(0);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("provider", s.provider());
        metadata.put("providerReference", s.providerReference());
        metadata.put("carrierCode", s.carrier());
        metadata.put("partnerOrderReference", s.partnerOrderReference());
        metadata.put("lastCarrierUpdate", s.lastCarrierUpdate());
        metadata.put("version", s.version());
        metadata.put("sync", outcome.kind().tag());
        return new SalesiveShipment(s.shipmentId(), List.of(s.orderId()),
                s.carrierName() != null ? s.carrierName() : s.carrier(),
                first == null ? null : first.trackingNumber(),
                first != null && first.trackingUrl() != null ? first.trackingUrl()
                        : s.trackingUrls().isEmpty() ? null : s.trackingUrls().get(0),
                s.status(), metadata, s.parcels().stream().map(ParcelState::of).toList(),
                s.expectedDelivery(), s.deliveredAt(), s.createdAt(), s.updatedAt());
    }
}
