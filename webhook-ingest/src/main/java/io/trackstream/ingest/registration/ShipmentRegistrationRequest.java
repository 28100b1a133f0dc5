package io.trackstream.ingest.registration;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A shipment the commerce system wants tracked, as sent to {@code POST /shipments} or {@code PUT /shipments/{id}}.
 * There is deliberately no tenant: it comes from the caller's app token.
 */
@Schema(name = "ShipmentRegistration", description = "A shipment to track. The tenant is taken from the app token, never from the body.")
public record ShipmentRegistrationRequest(
        @Schema(description = "The order system's id of the shipment; in the path for PUT", example = "shp-1001") String shipmentId,
        @Schema(description = "The order's id", example = "6640c1b2d4e5f60102030406", requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
        @Schema(description = "The order system's reference (Carriyo references.partner_order_reference)", example = "ORD-2024-1001") String partnerOrderReference,
        @Schema(description = "Where the order was placed; shopify orders are never auto-closed", example = "web") String salesChannel,
        @Schema(description = "Carrier of the parcels, lower case", example = "elta", requiredMode = Schema.RequiredMode.REQUIRED) String carrier,
        @Schema(description = "Display name of the carrier", example = "ELTA Courier") String carrierName,
        @Schema(description = "The API that reports this shipment's tracking", allowableValues = {"shiplemon", "courier-sync", "salesive", "carriyo", "generic"},
                requiredMode = Schema.RequiredMode.REQUIRED) String provider,
        @Schema(description = "The id to call the provider's API with", example = "be96511d-ba23-4268-bd8b-48c9cf930222") String providerReference,
        @Schema(description = "Which configured credentials of the provider to use; absent for its default account") String carrierAccount,
        @Schema(description = "Whether producer-pollers poll it (false when the carrier only pushes webhooks)", defaultValue = "true") Boolean polled,
        @Schema(description = "The parcels (labels) of the shipment", requiredMode = Schema.RequiredMode.REQUIRED) List<Parcel> parcels,
        @Schema(description = "Public tracking page") String trackingUrl,
        @Schema(description = "Whether this is a return shipment", defaultValue = "false") Boolean isReturn,
        @Schema(description = "Order-system ids the notifier needs (ShopId, Id, CarrierAccountId)") Map<String, String> attributes) {

    public ShipmentRegistrationRequest {
        parcels = parcels == null ? List.of() : List.copyOf(parcels);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** One parcel (label) of the shipment. */
    @Schema(name = "RegisteredParcel")
    public record Parcel(
            @Schema(example = "ZU500011420GR", requiredMode = Schema.RequiredMode.REQUIRED) String trackingNumber,
            @Schema(description = "Only when it differs from the shipment's carrier") String carrier,
            @Schema(description = "The order system's id of the label (shop-platform ShippingLabels Id)") String labelId,
            String labelUrl) {
    }
}
