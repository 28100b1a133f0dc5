package io.trackstream.pollers.carrier;

import io.trackstream.pollers.carrier.salesive.SalesiveAdapter;

/**
 * The id a provider's API is called with, when the registration did not give one: Salesive syncs by order id, the
 * others know a shipment by the tracking number it was registered with.
 */
public final class PollReferences {

    private PollReferences() {
    }

    public static String resolve(String provider, String providerReference, String orderId, String trackingNumber) {
        if (providerReference != null && !providerReference.isBlank()) {
            return providerReference;
        }
        if (SalesiveAdapter.PROVIDER.equals(provider) && orderId != null && !orderId.isBlank()) {
            return orderId;
        }
        return trackingNumber;
    }
}
