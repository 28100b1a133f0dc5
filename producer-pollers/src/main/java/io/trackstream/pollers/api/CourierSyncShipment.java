package io.trackstream.pollers.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.trackstream.pollers.shipments.ShipmentView;

/**
 * The courier-sync-shaped sync answer: the seed's fields, with tracking_status in trackstream's canonical vocabulary
 * and tracking_substatus the reason code where one applies. verification_status says whether the answer reflects the
 * carrier ("verified") or is the last known state while the update is still being applied ("pending").
 */
public record CourierSyncShipment(
        String id,
        @JsonProperty("fulfillment_method") String fulfillmentMethod,
        @JsonProperty("shipment_tracking_number") String shipmentTrackingNumber,
        @JsonProperty("shipment_courier") String shipmentCourier,
        @JsonProperty("verification_status") String verificationStatus,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("tracking_status") String trackingStatus,
        @JsonProperty("tracking_substatus") String trackingSubstatus,
        @JsonProperty("expected_delivery") Instant expectedDelivery,
        @JsonProperty("delivered_at") Instant deliveredAt,
        @JsonProperty("order_id") String orderId,
        String message,
        long version,
        List<ParcelState> parcels) {

    static CourierSyncShipment of(SyncOutcome outcome) {
        ShipmentView s = outcome.shipment();
        ShipmentView.ParcelView first = s.parcels().isEmpty() ? null : s.parcels().get(0);
        String reason = s.parcels().stream().map(ShipmentView.ParcelView::reason)
                .filter(r -> r != null && !"NONE".equals(r)).findFirst().map(r -> r.toLowerCase(Locale.ROOT)).orElse(null);
        return new CourierSyncShipment(s.shipmentId(), "shipping_provider",
                first == null ? null : first.trackingNumber(), s.carrier(),
                outcome.kind() == SyncOutcome.Kind.NOT_APPLIED ? "pending" : "verified",
                s.createdAt(), s.updatedAt(), s.status(), reason, s.expectedDelivery(), s.deliveredAt(), s.orderId(),
                outcome.kind().message(), s.version(), s.parcels().stream().map(ParcelState::of).toList());
    }
}
