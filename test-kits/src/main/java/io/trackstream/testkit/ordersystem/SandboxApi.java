package io.trackstream.testkit.ordersystem;

/** The two order APIs the sandbox implements. */
public enum SandboxApi {
    /** {@code POST /orders/shipment-status-update} (Carriyo seed). */
    CARRIYO,
    /** {@code PUT /v1/Orders/{orderId}/Shipments} (shop-platform seed). */
    SHOP
}
