package io.trackstream.testkit.ordersystem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shop platform's {@code PUT v1/Orders/{orderId}/Shipments} as its documentation describes it: the order id is
 * an integer, the body's {@code Id}, {@code ShopId}, {@code CarrierAccountId}, {@code CreateTimestamp} and
 * {@code IsReturn} are required, {@code ShipmentStatusId} is one of 1..8; an unknown order is a 404.
 */
final class ShopOrderBook {

    private final Map<Long, List<ShopShipmentUpdate>> orders = new LinkedHashMap<>();

    synchronized void add(long orderId) {
        orders.putIfAbsent(orderId, new ArrayList<>());
    }

    synchronized List<ShopShipmentUpdate> updates(long orderId) {
        return List.copyOf(orders.getOrDefault(orderId, List.of()));
    }

    synchronized Map<Long, Integer> appliedByOrder() {
        Map<Long, Integer> applied = new LinkedHashMap<>();
        orders.forEach((id, updates) -> applied.put(id, updates.size()));
        return applied;
    }

    synchronized SandboxResponse put(String orderIdText, String body) {
        long orderId;
        try {
            orderId = Long.parseLong(orderIdText);
        } catch (NumberFormatException e) {
            return new SandboxJson.InvalidField("orderId", "must be an integer").response();
        }
        ObjectNode changes = SandboxJson.object(body);
        if (changes == null) {
            return new SandboxJson.InvalidField("body", "must be a JSON object").response();
        }
        try {
            long id = requiredLong(changes, "Id");
            requiredLong(changes, "ShopId");
            requiredLong(changes, "CarrierAccountId");
            if (SandboxJson.date(changes, "CreateTimestamp", "CreateTimestamp") == null) {
                throw new SandboxJson.InvalidField("CreateTimestamp", "is required");
            }
            SandboxJson.date(changes, "LastCarrierUpdate", "LastCarrierUpdate");
            SandboxJson.date(changes, "DeliveredDate", "DeliveredDate");
            JsonNode isReturn = changes.get("IsReturn");
            if (isReturn == null || !isReturn.isBoolean()) {
                throw new SandboxJson.InvalidField("IsReturn", "is required (boolean)");
            }
            Integer statusId = statusId(changes);
            JsonNode bodyOrderId = SandboxJson.at(changes, "OrderId");
            if (bodyOrderId != null && (!bodyOrderId.isIntegralNumber() || bodyOrderId.asLong() != orderId)) {
                throw new SandboxJson.InvalidField("OrderId", "must match the order id of the path");
            }
            List<ShopShipmentUpdate> updates = orders.get(orderId);
            if (updates == null) {
                return SandboxJson.error(404, "not_found", "Order " + orderId + " not found");
            }
            JsonNode labels = changes.get("ShippingLabels");
            updates.add(new ShopShipmentUpdate(orderId, id, statusId, SandboxJson.text(changes, "ShipmentStatus"),
                    labels != null && labels.isArray() ? labels.size() : 0, body));
            return SandboxResponse.empty(200);
        } catch (SandboxJson.InvalidField e) {
            return e.response();
        }
    }

    private static long requiredLong(ObjectNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isIntegralNumber()) {
            throw new SandboxJson.InvalidField(field, "is required (integer)");
        }
        return n.asLong();
    }

    private static Integer statusId(ObjectNode node) {
        JsonNode n = SandboxJson.at(node, "ShipmentStatusId");
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 8) {
            throw new SandboxJson.InvalidField("ShipmentStatusId", "must be one of 1..8");
        }
        return (int) n.asLong();
    }
}
