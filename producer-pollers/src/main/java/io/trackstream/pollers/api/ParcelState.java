package io.trackstream.pollers.api;

import java.time.Instant;

import io.trackstream.pollers.shipments.ShipmentView;

/** A parcel's canonical state in a sync answer, with the carrier's own code and text that set it. */
public record ParcelState(String carrier, String trackingNumber, String status, String reason, String carrierStatusCode,
        String carrierStatusText, Instant statusEventTime, Instant expectedDelivery, Instant deliveredAt, String trackingUrl) {

    static ParcelState of(ShipmentView.ParcelView p) {
        return new ParcelState(p.carrier(), p.trackingNumber(), p.status(), p.reason(), p.lastCarrierStatusCode(),
                p.lastCarrierStatusText(), p.statusEventTime(), p.expectedDelivery(), p.deliveredAt(), p.trackingUrl());
    }
}
