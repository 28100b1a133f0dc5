package io.trackstream.testkit.ordersystem;

import java.time.Instant;

/**
 * An order of the sandbox's Carriyo-style order book as it is now. {@code timesClosed} counts the auto-closes that
 * took effect: the one that closed the order, and every later delivery processed for it again (not answered from the
 * idempotency store), which leaves the order unchanged. 1 is "closed once in effect"; 2 means the order system was told
 * twice, as a duplicate would do.
 */
public record CarriyoOrder(
        String tenantId,
        String orderId,
        String partnerOrderReference,
        String salesChannel,
        String status,
        int timesClosed,
        String lastShipmentStatus,
        Instant deliveryDate,
        Instant updateDate) {

    public boolean closed() {
        return "closed".equals(status);
    }

    /** This open order, closed by a delivered update. */
    CarriyoOrder close(String shipmentStatus, Instant deliveredAt, Instant now) {
        return new CarriyoOrder(tenantId, orderId, partnerOrderReference, salesChannel, "closed", timesClosed + 1,
                shipmentStatus, deliveredAt, now);
    }

    /** This closed order, told delivered again: unchanged but for the count. */
    CarriyoOrder closedAgain() {
        return new CarriyoOrder(tenantId, orderId, partnerOrderReference, salesChannel, status, timesClosed + 1,
                lastShipmentStatus, deliveryDate, updateDate);
    }
}
