package io.trackstream.carriers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.contract.ParcelKey;

/**
 * What one carrier payload says about one parcel, in any provider's format and whether it was polled or pushed: the
 * parcel, what is known about it, its tracking entries (each becomes one raw event) and the entries that could not be
 * read (each names its field). Values are the carrier's own, verbatim. What to do with a refused entry is the
 * receiver's call: a webhook is refused whole, a poll publishes the rest.
 */
public record ParcelReport(
        String provider,
        String carrier,
        String carrierName,
        String trackingNumber,
        String providerReference,
        String trackingUrl,
        String labelUrl,
        Instant expectedDelivery,
        Instant deliveredAt,
        List<ChildVoucher> childVouchers,
        Map<String, String> attributes,
        List<CarrierEvent> events,
        List<RefusedEntry> refused,
        FieldPaths paths) {

    public ParcelReport {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(trackingNumber, "trackingNumber");
        childVouchers = List.copyOf(childVouchers);
        attributes = Map.copyOf(attributes);
        events = List.copyOf(events);
        refused = List.copyOf(refused);
        paths = paths == null ? FieldPaths.NONE : paths;
    }

    public ParcelKey parcelKey() {
        return ParcelKey.of(carrier, trackingNumber);
    }

    /**
     * Where, in the payload, a field of the {@code index}th raw event came from ({@code data.tracking_history[1].status_date}
     * for {@code eventTime}), so a refusal names what the sender wrote; the raw event's own field name when unknown.
     */
    public String payloadField(int index, String rawField) {
        String path = index >= 0 && index < events.size() ? events.get(index).paths().of(rawField) : null;
        if (path == null) {
            path = paths.of(rawField);
        }
        return path != null ? path : rawField;
    }

    /**
     * A tracking entry as the carrier reported it; {@code entry} is where it stands in the payload
     * ({@code data.tracking_history[1]}, empty for a payload that is one entry), to name it if it is refused later.
     */
    public record CarrierEvent(String statusCode, String substatus, String text, Instant eventTime, EventLocation location,
            String entry, FieldPaths paths) {
        public CarrierEvent {
            Objects.requireNonNull(statusCode, "statusCode");
            Objects.requireNonNull(eventTime, "eventTime");
            entry = entry == null ? "" : entry;
            paths = paths == null ? FieldPaths.NONE : paths;
        }
    }

    /** A tracking entry that could not be read: why (naming the field), and the status code it carried, if any. */
    public record RefusedEntry(InvalidPayloadException problem, String statusCode) {
        public RefusedEntry {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** Where an event happened, as far as the carrier says. */
    public record EventLocation(String description, String city, String postalCode, String countryCode) {
        public boolean isEmpty() {
            return description == null && city == null && postalCode == null && countryCode == null;
        }
    }

    /** A child voucher (another label) of a multi-piece shipment. */
    public record ChildVoucher(String trackingNumber, String trackingUrl, String labelUrl) {
    }
}
