package io.trackstream.testkit.carrier;

import java.util.List;
import java.util.Map;

/**
 * A shipment of the local demo: who it belongs to, which API reports it, and the scripted life of each parcel.
 * {@code polled} shipments are served by the carrier sandbox; the others are pushed as signed webhooks by the webhook
 * sandbox. {@code attributes} are registered with the shipment (the shop platform's ids the order notifier needs).
 */
public record DemoShipment(String tenant, String shipmentId, String orderId, String partnerOrderReference,
        String salesChannel, String provider, String providerReference, String carrier, String carrierName,
        boolean polled, List<DemoParcel> parcels, Map<String, String> attributes) {

    /** The attribute holding the shop platform's numeric order id. */
    public static final String SHOP_ORDER_ID = "shop.orderId";

    public DemoShipment {
        parcels = List.copyOf(parcels);
        attributes = Map.copyOf(attributes);
    }

    public long shopOrderId() {
        return Long.parseLong(attributes.get(SHOP_ORDER_ID));
    }

    /** Shopify orders are never auto-closed (the Carriyo seed's rule). */
    public boolean autoClosable() {
        return !"shopify".equalsIgnoreCase(salesChannel);
    }

    public record DemoParcel(String trackingNumber, List<ScriptStep> steps) {

        public DemoParcel {
            steps = List.copyOf(steps);
        }
    }
}
