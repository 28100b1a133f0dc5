package io.trackstream.processor.testing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.contract.ParcelKey;
import io.trackstream.processor.state.ParcelAggregator;
import io.trackstream.processor.state.ShipmentAggregator;
import io.trackstream.processor.state.TrackingEvents;

/** Shipments and parcels as the topology would store them, built from seed payloads by the real aggregators. */
public final class Shipments {

    private Shipments() {
    }

    /** A delivered Shiplemon/ELTA parcel with the seed's Greek history. */
    public static Parcel deliveredEltaParcel(String trackingNumber) {
        ParcelAggregator aggregator = new ParcelAggregator(100);
        ParcelKey key = ParcelKey.of("elta", trackingNumber);
        Parcel parcel = null;
        for (RawTrackingEvent raw : Seeds.shiplemonDeliveredHistory(trackingNumber, Instant.parse("2024-07-15T10:05:00Z"))) {
            Parcel before = parcel;
            parcel = aggregator.apply(before, key, raw, TrackingEvents.from(raw, TrackingEvents.keyOf(raw),
                    TopologyHarness.MAPPINGS.map(raw.getProvider(), raw.getCarrier(), raw.getCarrierStatusCode(), raw.getCarrierSubstatus()))).orElse(before);
        }
        return parcel;
    }

    public static Shipment shipment(String shipmentId, String tenant, String orderId, String trackingNumber) {
        ShipmentRegistration registration = Seeds.registration(shipmentId, "elta", "shiplemon", trackingNumber)
                .setTenant(tenant).setOrderId(orderId).build();
        Map<String, Parcel> parcels = new HashMap<>();
        parcels.put("elta:" + trackingNumber, deliveredEltaParcel(trackingNumber));
        return ShipmentAggregator.next(null, registration, parcels::get, Instant.parse("2024-07-15T10:06:00Z"));
    }
}
