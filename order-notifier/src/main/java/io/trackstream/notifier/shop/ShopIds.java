package io.trackstream.notifier.shop;

import java.util.Map;
import java.util.Optional;

import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.order.ShipmentChange;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.Target;

/**
 * The shop platform's numeric ids of a shipment. The platform requires them and trackstream's own ids are strings,
 * so they come from the shipment's {@code attributes} (set at registration), then from trackstream's own id when it
 * is numeric, then from the tenant's configuration. A shipment without them cannot be sent: it is dead-lettered.
 */
public record ShopIds(long orderId, long shipmentId, long shopId, long carrierAccountId) {

    /** Attribute keys of {@code Shipment.attributes} (and {@code ShipmentRegistration.attributes}). */
    public static final String ORDER_ID = "shop.orderId";
    public static final String SHIPMENT_ID = "shop.shipmentId";
    public static final String SHOP_ID = "shop.shopId";
    public static final String CARRIER_ACCOUNT_ID = "shop.carrierAccountId";

    public static ShopIds of(ShipmentChange change, NotifierProperties.Shop tenant) {
        Map<String, String> attributes = change.attributes();
        long orderId = number(attributes.get(ORDER_ID)).or(() -> number(change.orderId()))
                .orElseThrow(() -> missing("OrderId", ORDER_ID + " attribute or a numeric order id", change));
        long shipmentId = number(attributes.get(SHIPMENT_ID)).or(() -> number(change.shipmentId()))
                .orElseThrow(() -> missing("Id", SHIPMENT_ID + " attribute or a numeric shipment id", change));
        long shopId = number(attributes.get(SHOP_ID)).or(() -> Optional.ofNullable(tenant.shopId()))
                .orElseThrow(() -> missing("ShopId", SHOP_ID + " attribute or trackstream.notifier.tenants.<tenant>.shop.shop-id", change));
        long carrierAccountId = number(attributes.get(CARRIER_ACCOUNT_ID)).or(() -> Optional.ofNullable(tenant.carrierAccountId()))
                .orElseThrow(() -> missing("CarrierAccountId",
                        CARRIER_ACCOUNT_ID + " attribute or trackstream.notifier.tenants.<tenant>.shop.carrier-account-id", change));
        return new ShopIds(orderId, shipmentId, shopId, carrierAccountId);
    }

    static Optional<Long> number(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static PermanentFailure missing(String field, String from, ShipmentChange change) {
        return PermanentFailure.beforeCall(Target.SHOP, FailureReason.INVALID_RECORD,
                "Shipment " + change.shipmentId() + " has no shop platform " + field + ": needs the " + from, null);
    }
}
