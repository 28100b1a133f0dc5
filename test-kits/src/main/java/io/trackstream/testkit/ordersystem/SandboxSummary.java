package io.trackstream.testkit.ordersystem;

import java.util.List;
import java.util.Map;

/** What the sandbox has seen and holds: for a local run's summary ({@code GET /sandbox/summary}). */
public record SandboxSummary(
        int callsReceived,
        Map<String, Long> callsByApiAndStatus,
        int idempotentReplays,
        int carriyoTokensIssued,
        List<CarriyoOrder> carriyoOrders,
        Map<Long, Integer> shopUpdatesAppliedByOrder) {
}
