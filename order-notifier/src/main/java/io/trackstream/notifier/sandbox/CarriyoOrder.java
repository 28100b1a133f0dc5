package io.trackstream.notifier.sandbox;

import java.time.Instant;

/**
 * An order of the sandbox's Carriyo-style order book as it is now. {@code timesClosed} counts every applied
 * auto-close: 1 is "closed once in effect", 2 means the same close was applied twice.
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
}
