package io.trackstream.testkit.ordersystem;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * The Carriyo-style order service as its documentation describes it: an update finds its order by
 * {@code references.partner_order_reference} (an empty 200 when there is none); a {@code delivered} status closes an
 * eligible open order (auto-close), and orders whose sales channel is Shopify are never auto-closed; the answer is the
 * order, unchanged when the update did not qualify (not delivered, Shopify, closed already). An invalid body is a 400.
 */
final class CarriyoOrderBook {

    private static final String SHOPIFY = "shopify";

    private final Map<String, CarriyoOrder> orders = new LinkedHashMap<>();
    private final Clock clock;
    private int nextOrderNumber = 1;

    CarriyoOrderBook(Clock clock) {
        this.clock = clock;
    }

    synchronized CarriyoOrder add(String tenantId, String partnerOrderReference, String salesChannel) {
        CarriyoOrder order = new CarriyoOrder(tenantId, "ORD-" + nextOrderNumber++, partnerOrderReference, salesChannel,
                "open", 0, null, null, clock.instant());
        orders.put(key(tenantId, partnerOrderReference), order);
        return order;
    }

    synchronized Optional<CarriyoOrder> find(String tenantId, String partnerOrderReference) {
        return Optional.ofNullable(orders.get(key(tenantId, partnerOrderReference)));
    }

    synchronized List<CarriyoOrder> all() {
        return List.copyOf(orders.values());
    }

    /** Applies one {@code POST /orders/shipment-status-update} of tenant {@code tenantId}. */
    synchronized SandboxResponse update(String tenantId, String body) {
        ObjectNode update = SandboxJson.object(body);
        if (update == null) {
            return new SandboxJson.InvalidField("body", "must be a JSON object").response();
        }
        String reference = SandboxJson.text(update, "references", "partner_order_reference");
        if (reference == null) {
            return new SandboxJson.InvalidField("references.partner_order_reference", "is required").response();
        }
        String status = SandboxJson.text(update, "post_shipping_info", "status");
        if (status == null) {
            return new SandboxJson.InvalidField("post_shipping_info.status", "is required").response();
        }
        Instant deliveryDate;
        try {
            deliveryDate = SandboxJson.date(update, "post_shipping_info.delivery_date", "post_shipping_info", "delivery_date");
            SandboxJson.date(update, "post_shipping_info.update_date", "post_shipping_info", "update_date");
        } catch (SandboxJson.InvalidField e) {
            return e.response();
        }
        CarriyoOrder order = orders.get(key(tenantId, reference));
        if (order == null) {
            return SandboxResponse.empty(200);
        }
        boolean delivered = "delivered".equals(status.toLowerCase(Locale.ROOT));
        boolean eligible = !SHOPIFY.equalsIgnoreCase(order.salesChannel());
        if (!delivered || !eligible) {
            // The seed: a shipment that does not qualify gets the unchanged order.
            return answer(order);
        }
        if (order.closed()) {
            // Closed already (a delivery told again under another key): the order stays as it is, and the sandbox
            // counts the repeated close, which a duplicate-free notifier never causes.
            orders.put(key(tenantId, reference), order.closedAgain());
            return answer(order);
        }
        CarriyoOrder closed = order.close(status, deliveryDate, clock.instant());
        orders.put(key(tenantId, reference), closed);
        return answer(closed);
    }

    private static SandboxResponse answer(CarriyoOrder order) {
        return new SandboxResponse(200, SandboxJson.write(asCarriyoOrder(order)));
    }

    /** The order in the shape of Carriyo's order response (the fields the sandbox keeps). */
    private static Map<String, Object> asCarriyoOrder(CarriyoOrder order) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenant", order.tenantId());
        json.put("order_id", order.orderId());
        json.put("partner_order_reference", order.partnerOrderReference());
        json.put("sales_channel", order.salesChannel());
        json.put("status", order.status());
        json.put("update_date", order.updateDate().toString());
        return json;
    }

    private static String key(String tenantId, String reference) {
        return tenantId + "\u0000" + reference;
    }
}
