package io.trackstream.local.summary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link StackSummary} as a few console lines. */
public final class SummaryFormatter {

    private static final String INDENT = "          ";

    private SummaryFormatter() {
    }

    public static List<String> lines(StackSummary s) {
        List<String> lines = new ArrayList<>();
        String head = String.format(Locale.ROOT, "[+%s] ", clock(s.elapsed()));
        if (s.shipmentsByStatus() != null) {
            String statuses = s.shipmentsByStatus().isEmpty() ? "none on shipments.v1 yet"
                    : s.shipmentsByStatus().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" · "));
            lines.add(head + "shipments " + s.shipmentsSeen() + "/" + s.registered() + ": " + statuses);
        } else {
            lines.add(head + "shipments registered " + s.registered());
        }
        List<String> flow = new ArrayList<>();
        if (s.eventsBySource() != null || s.duplicates() != null) {
            flow.add("events in " + n(s.eventsIn()) + bySource(s.eventsBySource()));
            flow.add("duplicates dropped " + n(s.duplicates()));
            flow.add("unknown codes " + n(s.unknownCodes()));
            flow.add("rejected " + n(s.rejected()));
        }
        if (!flow.isEmpty()) {
            lines.add(INDENT + String.join(" · ", flow));
        }
        List<String> edges = new ArrayList<>();
        if (s.polls() != null) {
            double total = s.polls().values().stream().mapToDouble(Double::doubleValue).sum();
            edges.add("polls " + n(total) + outcomes(s.polls()));
        } else if (s.carrierRequests() != null) {
            edges.add("carrier API calls " + s.carrierRequests() + " (429: " + s.carrierThrottled() + ")");
        }
        if (s.webhooks() != null) {
            edges.add("webhooks sent " + s.webhooks().delivered() + " (repeated " + s.webhooks().duplicates() + ", out of order "
                    + s.webhooks().outOfOrder() + (s.webhooks().refused() > 0 ? ", refused " + s.webhooks().refused() : "") + ")");
        }
        if (s.ordersClosed() != null) {
            edges.add("orders closed " + s.ordersClosed() + "/" + s.ordersClosable()
                    + (s.closedTwice() != null && s.closedTwice() > 0 ? " (CLOSED TWICE: " + s.closedTwice() + ")" : ""));
        }
        if (s.shopUpdates() != null) {
            edges.add("shop updates " + s.shopUpdates());
        }
        if (s.deadLetters() != null || s.eventsBySource() != null) {
            edges.add("dead letters " + n(s.deadLetters()));
        }
        if (!edges.isEmpty()) {
            lines.add(INDENT + String.join(" · ", edges));
        }
        return lines;
    }

    private static String bySource(Map<String, Double> bySource) {
        if (bySource == null || bySource.isEmpty()) {
            return "";
        }
        return " (" + bySource.entrySet().stream().map(e -> e.getKey().toLowerCase(Locale.ROOT) + " " + n(e.getValue()))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String outcomes(Map<String, Double> byOutcome) {
        if (byOutcome.isEmpty()) {
            return "";
        }
        return " (" + byOutcome.entrySet().stream().map(e -> e.getKey() + " " + n(e.getValue())).collect(Collectors.joining(", ")) + ")";
    }

    private static String n(Double value) {
        return value == null ? "?" : String.valueOf(Math.round(value));
    }

    private static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
