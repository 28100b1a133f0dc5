package io.trackstream.processor.api;

/** A parcel and the shipment that claims it. */
public record OwnedParcelView(String shipmentId, ParcelView parcel) {
}
