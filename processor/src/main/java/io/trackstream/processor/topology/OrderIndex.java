package io.trackstream.processor.topology;

/**
 * Keys of the shipments-by-order store: {@code tenant␟orderId␟shipmentId}, so the shipments of one tenant's order
 * are one prefix scan. The unit separator cannot appear in ids the APIs accept.
 */
public final class OrderIndex {

    private static final char SEPARATOR = '\u001f';

    private OrderIndex() {
    }

    public static String key(String tenant, String orderId, String shipmentId) {
        return prefix(tenant, orderId) + shipmentId;
    }

    public static String prefix(String tenant, String orderId) {
        return tenant + SEPARATOR + orderId + SEPARATOR;
    }
}
