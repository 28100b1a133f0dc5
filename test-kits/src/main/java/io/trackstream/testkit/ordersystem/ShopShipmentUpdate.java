package io.trackstream.testkit.ordersystem;

/** One shipment update the sandbox's shop platform applied to an order. */
public record ShopShipmentUpdate(
        long orderId,
        long shipmentId,
        Integer shipmentStatusId,
        String shipmentStatus,
        int shippingLabels,
        String body) {
}
