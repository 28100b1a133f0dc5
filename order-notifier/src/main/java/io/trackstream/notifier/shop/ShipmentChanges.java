package io.trackstream.notifier.shop;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of the shop platform's {@code PUT v1/Orders/{orderId}/Shipments} (its {@code ShipmentChanges}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"SynchronizeParameters", "SynchronizeShippingLabels", "LastCarrierUpdate", "CarrierName",
        "ShipperTrackingUrl", "DeliveredDate", "ShippingLabels", "Id", "TrackingCode", "CreateTimestamp", "ShopId",
        "OrderId", "CarrierAccountId", "ShipmentStatusId", "ShipmentStatus", "IsReturn"})
public record ShipmentChanges(
        @JsonProperty("SynchronizeParameters") boolean synchronizeParameters,
        @JsonProperty("SynchronizeShippingLabels") boolean synchronizeShippingLabels,
        @JsonProperty("LastCarrierUpdate") Instant lastCarrierUpdate,
        @JsonProperty("CarrierName") String carrierName,
        @JsonProperty("ShipperTrackingUrl") String shipperTrackingUrl,
        @JsonProperty("DeliveredDate") Instant deliveredDate,
        @JsonProperty("ShippingLabels") List<ShippingLabel> shippingLabels,
        @JsonProperty("Id") long id,
        @JsonProperty("TrackingCode") String trackingCode,
        @JsonProperty("CreateTimestamp") Instant createTimestamp,
        @JsonProperty("ShopId") long shopId,
        @JsonProperty("OrderId") long orderId,
        @JsonProperty("CarrierAccountId") long carrierAccountId,
        @JsonProperty("ShipmentStatusId") int shipmentStatusId,
        @JsonProperty("ShipmentStatus") String shipmentStatus,
        @JsonProperty("IsReturn") boolean isReturn) {

    /** One package of the shipment; {@code Id} is the platform's label id, absent when the registration gave none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Id", "TrackingCode", "DeliveryStatusId", "DeliveredDate", "LastCarrierUpdate", "LastCarrierStatus"})
    public record ShippingLabel(
            @JsonProperty("Id") Long id,
            @JsonProperty("TrackingCode") String trackingCode,
            @JsonProperty("DeliveryStatusId") int deliveryStatusId,
            @JsonProperty("DeliveredDate") Instant deliveredDate,
            @JsonProperty("LastCarrierUpdate") Instant lastCarrierUpdate,
            @JsonProperty("LastCarrierStatus") String lastCarrierStatus) {
    }
}
