package io.trackstream.notifier.outcome;

/** The order systems the notifier calls; the name is the {@code target} tag of every notifier metric. */
public enum Target {
    /** Carriyo-style {@code POST /orders/shipment-status-update}, on delivery (auto-close). */
    CARRIYO("carriyo"),
    /** Shop-platform style {@code PUT v1/Orders/{orderId}/Shipments}, on every status change. */
    SHOP("shop");

    private final String tag;

    Target(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static Target fromTag(String tag) {
        for (Target t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown target " + tag);
    }
}
