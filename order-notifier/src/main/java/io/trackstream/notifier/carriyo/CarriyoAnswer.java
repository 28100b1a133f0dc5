package io.trackstream.notifier.carriyo;

import io.trackstream.notifier.outcome.CallOutcome;

/**
 * What a 2xx of {@code POST /orders/shipment-status-update} means. The seed: a 200 returns the order, updated when the
 * update applied and unchanged when the shipment does not qualify (not eligible, Shopify); its body is empty when no
 * order has the {@code partner_order_reference}. So only a returned order whose status is {@code closed} is a close.
 */
public sealed interface CarriyoAnswer {

    CallOutcome outcome();

    /** 200 with the order, and the order is closed. */
    record OrderClosed(String orderId, String status) implements CarriyoAnswer {
        @Override
        public CallOutcome outcome() {
            return CallOutcome.CLOSED;
        }
    }

    /** 200 with the order, which stays as it is (status {@code open}, ...): not eligible for auto-close. */
    record OrderNotClosed(String orderId, String status, String salesChannel) implements CarriyoAnswer {
        @Override
        public CallOutcome outcome() {
            return CallOutcome.NOT_CLOSED;
        }
    }

    /** Empty 200: no order has the partner_order_reference. Nothing to retry. */
    record OrderNotFound() implements CarriyoAnswer {
        @Override
        public CallOutcome outcome() {
            return CallOutcome.ORDER_NOT_FOUND;
        }
    }

    /** Any other 2xx (202, 204, a body that is not an order): whether the order was closed is unknown. */
    record Unexpected(int status, String body, String why) implements CarriyoAnswer {
        @Override
        public CallOutcome outcome() {
            return CallOutcome.UNEXPECTED_ANSWER;
        }
    }
}
