package io.trackstream.pollers.carrier;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.trackstream.contract.ParcelKey;

/**
 * One tracking event as a provider's answer states it, before it becomes a {@code RawTrackingEvent}. Codes and
 * texts are verbatim: mapping them is the processor's job. {@code entry} is where in the answer it was read
 * ({@code data.tracking_history[1]}), for naming it if it is refused.
 */
public record CarrierObservation(
        ParcelKey parcel,
        String statusCode,
        String substatus,
        String statusText,
        Instant eventTime,
        String carrierName,
        String providerReference,
        String trackingUrl,
        String labelUrl,
        Instant expectedDelivery,
        Instant deliveredAt,
        List<Child> childParcels,
        Map<String, String> attributes,
        String entry) {

    public CarrierObservation {
        Objects.requireNonNull(parcel, "parcel");
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(eventTime, "eventTime");
        childParcels = childParcels == null ? List.of() : List.copyOf(childParcels);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** An observation whose place in the answer is not worth naming. */
    public CarrierObservation(ParcelKey parcel, String statusCode, String substatus, String statusText, Instant eventTime,
            String carrierName, String providerReference, String trackingUrl, String labelUrl, Instant expectedDelivery,
            Instant deliveredAt, List<Child> childParcels, Map<String, String> attributes) {
        this(parcel, statusCode, substatus, statusText, eventTime, carrierName, providerReference, trackingUrl, labelUrl,
                expectedDelivery, deliveredAt, childParcels, attributes, null);
    }

    /** A child voucher of a multi-piece shipment. */
    public record Child(String trackingNumber, String trackingUrl, String labelUrl) {
    }
}
