package io.trackstream.local.sandbox;

import java.util.List;

/**
 * A shipment of the local demo: who it belongs to, which API reports it, and the scripted life of each parcel.
 * {@code polled} shipments are served by the carrier sandbox; the others are pushed as webhooks.
 */
public record DemoShipment(String tenant, String shipmentId, String orderId, String partnerOrderReference,
        String salesChannel, String provider, String providerReference, String carrier, String carrierName,
        boolean polled, List<DemoParcel> parcels) {

    public record DemoParcel(String trackingNumber, List<ScriptStep> steps) {
    }
}
