package io.trackstream.notifier.order;

import java.time.Instant;
import java.util.List;

/**
 * A delivered shipment whose order the order system should close (from {@code OrderAutoCloseRequested}).
 * {@code requestId} is deterministic per shipment, so it is the idempotency key of the call.
 */
public record AutoCloseRequest(
        String requestId,
        String tenant,
        String orderId,
        String partnerOrderReference,
        String salesChannel,
        String shipmentId,
        String carrier,
        String carrierName,
        List<String> trackingNumbers,
        String trackingUrl,
        Instant deliveredAt,
        Instant lastCarrierUpdate,
        Instant causeReceivedTime,
        Instant requestedAt) {

    public AutoCloseRequest {
        trackingNumbers = trackingNumbers == null ? List.of() : List.copyOf(trackingNumbers);
    }

    /** The order system's reference; our order id when the registration gave none. */
    public String orderReference() {
        return partnerOrderReference != null && !partnerOrderReference.isBlank() ? partnerOrderReference : orderId;
    }
}
