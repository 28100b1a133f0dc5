package io.trackstream.local.summary;

import java.time.Duration;
import java.util.Map;

import io.trackstream.testkit.carrier.WebhookSandbox;

/**
 * What the console summary shows at one moment. A null part is unknown (an app that did not answer its scrape) or
 * not part of this run (the sandboxes-only mode sees no processor), and is left out or shown as "?".
 *
 * @param shipmentsByStatus  latest status of each shipment seen on shipments.v1
 * @param eventsBySource     raw events the processor read, by source (poll, webhook, sync)
 * @param duplicates         raw events the processor dropped as repeats
 * @param unknownCodes       raw events with a code no mapping table knows
 * @param rejected           records the processor dead-lettered to tracking.raw.rejected.v1 or skipped
 * @param polls              requests the pollers sent to the carrier APIs, by outcome (ok, 429, …)
 * @param carrierRequests    requests the carrier sandbox served, and how many it answered 429
 * @param ordersClosed       orders the order-system sandbox closed; {@code ordersClosable} could be (not Shopify)
 * @param closedTwice        orders closed more than once (must stay 0)
 * @param deadLetters        records the order notifier dead-lettered
 */
public record StackSummary(
        Duration elapsed,
        int registered,
        Map<String, Long> shipmentsByStatus,
        Map<String, Double> eventsBySource,
        Double duplicates,
        Double unknownCodes,
        Double rejected,
        Map<String, Double> polls,
        Long carrierRequests,
        Long carrierThrottled,
        WebhookSandbox.Counts webhooks,
        Integer ordersClosed,
        Integer ordersClosable,
        Integer closedTwice,
        Integer shopUpdates,
        Double deadLetters) {

    public Double eventsIn() {
        return eventsBySource == null ? null : eventsBySource.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public long shipmentsSeen() {
        return shipmentsByStatus == null ? 0 : shipmentsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}
