package io.trackstream.notifier.carriyo;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /orders/shipment-status-update}: the part of Carriyo's shipment object the endpoint reads.
 * {@code references.partner_order_reference} finds the order; {@code post_shipping_info.status = delivered} lets the
 * order system run its auto-close.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CarriyoStatusUpdate(
        References references,
        @JsonProperty("post_shipping_info") PostShippingInfo postShippingInfo) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record References(
            @JsonProperty("partner_order_reference") String partnerOrderReference,
            @JsonProperty("partner_shipment_reference") String partnerShipmentReference) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PostShippingInfo(
            String status,
            @JsonProperty("delivery_date") Instant deliveryDate,
            @JsonProperty("update_date") Instant updateDate,
            String carrier,
            @JsonProperty("carrier_name") String carrierName,
            @JsonProperty("tracking_no") String trackingNo,
            @JsonProperty("tracking_numbers") List<String> trackingNumbers,
            @JsonProperty("tracking_url") String trackingUrl) {
    }

    /** Carriyo's shipment status for a delivered shipment. */
    public static final String DELIVERED = "delivered";

    /** The update telling the order system that {@code request}'s shipment was delivered. */
    public static CarriyoStatusUpdate delivered(io.trackstream.notifier.order.AutoCloseRequest request) {
        List<String> numbers = request.trackingNumbers();
        return new CarriyoStatusUpdate(
                new References(request.orderReference(), request.shipmentId()),
                new PostShippingInfo(
                        DELIVERED,
                        request.deliveredAt(),
                        request.lastCarrierUpdate() != null ? request.lastCarrierUpdate() : request.deliveredAt(),
                        request.carrier(),
                        request.carrierName(),
                        numbers.isEmpty() ? null : numbers.get(0),
                        numbers,
                        request.trackingUrl()));
    }
}
