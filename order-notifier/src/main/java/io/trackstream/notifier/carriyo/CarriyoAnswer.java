package io.trackstream.notifier.carriyo;

/** What a 2xx of {@code POST /orders/shipment-status-update} means. */
public sealed interface CarriyoAnswer {

    /** 200 with the order: the update was processed (and the order auto-closed if it was eligible). */
    record OrderUpdated(String orderJson) implements CarriyoAnswer {
    }

    /** Empty 200: no order has the partner_order_reference. Nothing to retry. */
    record OrderNotFound() implements CarriyoAnswer {
    }
}
