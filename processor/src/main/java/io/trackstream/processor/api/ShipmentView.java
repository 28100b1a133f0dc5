package io.trackstream.processor.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.Shipment;

/** A shipment as the read API shows it (the Avro record stays at the edge). */
public record ShipmentView(
        String id,
        String orderId,
        String partnerOrderReference,
        String salesChannel,
        String carrier,
        String carrierName,
        String provider,
        String status,
        List<ParcelView> parcels,
        List<String> trackingUrls,
        Instant expectedDelivery,
        Instant lastCarrierUpdate,
        Instant deliveredAt,
        boolean isReturn,
        Map<String, String> attributes,
        Instant createdAt,
        Instant updatedAt,
        Instant statusChangedAt,
        long version) {

    /**
     * The shipment with each parcel's history from {@code histories} (the shipment record carries each parcel's
     * latest event only; the parcel table holds the histories).
     */
    public static ShipmentView of(Shipment s, Function<Parcel, List<ParcelView.Event>> histories) {
        return new ShipmentView(s.getShipmentId(), s.getOrderId(), s.getPartnerOrderReference(), s.getSalesChannel(),
                s.getCarrier(), s.getCarrierName(), s.getProvider(), s.getStatus().name(),
                s.getParcels().stream().map(p -> ParcelView.of(p, histories.apply(p))).toList(), List.copyOf(s.getTrackingUrls()),
                s.getExpectedDelivery(), s.getLastCarrierUpdate(), s.getDeliveredAt(), s.getIsReturn(),
                Map.copyOf(s.getAttributes()), s.getCreatedAt(), s.getUpdatedAt(), s.getStatusChangedAt(), s.getVersion());
    }
}
