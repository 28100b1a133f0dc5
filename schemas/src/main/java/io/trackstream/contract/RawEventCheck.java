package io.trackstream.contract;

import static io.trackstream.contract.TrackingLimits.*;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.trackstream.avro.ChildParcel;
import io.trackstream.avro.Location;
import io.trackstream.avro.RawTrackingEvent;

/**
 * Whether a raw event is within {@link TrackingLimits}: every field's size, its event time, the parcel key. The
 * processor rejects an event that fails it; webhook-ingest and the pollers run the same check before they publish,
 * so what they accept the processor accepts.
 */
public final class RawEventCheck {

    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9._:/-]+");

    /** What is wrong: the field (its path in the raw event) and a sentence for the rejected record or a 4xx. */
    public record Violation(String field, String detail, boolean tooLarge) {
    }

    private RawEventCheck() {
    }

    public static Optional<Violation> check(RawTrackingEvent raw) {
        Violation v = null;
        v = or(v, required("provider", raw.getProvider(), MAX_PROVIDER_BYTES));
        v = or(v, required("carrier", raw.getCarrier(), MAX_CARRIER_BYTES));
        v = or(v, required("trackingNumber", raw.getTrackingNumber(), MAX_TRACKING_NUMBER_BYTES));
        v = or(v, required("carrierStatusCode", raw.getCarrierStatusCode(), MAX_STATUS_CODE_BYTES));
        v = or(v, optional("eventId", raw.getEventId(), MAX_EVENT_ID_BYTES));
        v = or(v, optional("carrierSubstatus", raw.getCarrierSubstatus(), MAX_SUBSTATUS_BYTES));
        v = or(v, optional("carrierStatusText", raw.getCarrierStatusText(), MAX_STATUS_TEXT_BYTES));
        v = or(v, optional("carrierName", raw.getCarrierName(), MAX_NAME_BYTES));
        v = or(v, optional("providerReference", raw.getProviderReference(), MAX_REFERENCE_BYTES));
        v = or(v, optional("trackingUrl", raw.getTrackingUrl(), MAX_URL_BYTES));
        v = or(v, optional("labelUrl", raw.getLabelUrl(), MAX_URL_BYTES));
        v = or(v, optional("rawContentType", raw.getRawContentType(), MAX_CONTENT_TYPE_BYTES));
        v = or(v, optional("batchId", raw.getBatchId(), MAX_EVENT_ID_BYTES));
        v = or(v, location(raw.getLocation()));
        v = or(v, attributes(raw.getAttributes()));
        v = or(v, children(raw));
        if (v == null && raw.getRawPayload() != null && raw.getRawPayload().remaining() > MAX_RAW_PAYLOAD_BYTES) {
            v = new Violation("rawPayload", "rawPayload: " + raw.getRawPayload().remaining() + " bytes, over the limit of "
                    + MAX_RAW_PAYLOAD_BYTES, true);
        }
        if (v == null && raw.getBatchId() != null && !BATCH_ID.matcher(raw.getBatchId()).matches()) {
            v = new Violation("batchId", "batchId: only letters, digits and . _ : / - are allowed", false);
        }
        if (v == null && (raw.getBatchSize() < 1 || raw.getBatchSize() > MAX_HISTORY_ENTRIES)) {
            v = new Violation("batchSize", "batchSize: " + raw.getBatchSize() + ", must be 1 to " + MAX_HISTORY_ENTRIES, false);
        }
        v = or(v, times(raw.getEventTime(), raw.getReceivedTime()));
        if (v == null) {
            try {
                ParcelKey.of(raw.getCarrier(), raw.getTrackingNumber());
            } catch (IllegalArgumentException e) {
                v = new Violation(raw.getCarrier().isBlank() || raw.getCarrier().indexOf(':') >= 0 ? "carrier" : "trackingNumber",
                        e.getMessage(), false);
            }
        }
        return Optional.ofNullable(v);
    }

    /** An event time a carrier can have meant: from {@link TrackingLimits#EARLIEST_EVENT_TIME} to a day after receipt. */
    public static Optional<Violation> eventTime(Instant eventTime, Instant received) {
        return Optional.ofNullable(times(eventTime, received));
    }

    private static Violation times(Instant eventTime, Instant received) {
        if (received == null || received.isBefore(EARLIEST_EVENT_TIME)) {
            return new Violation("receivedTime", "receivedTime: " + received + " is before " + EARLIEST_EVENT_TIME, false);
        }
        if (eventTime == null) {
            return new Violation("eventTime", "eventTime: missing", false);
        }
        if (eventTime.isBefore(EARLIEST_EVENT_TIME)) {
            return new Violation("eventTime", "eventTime: " + eventTime + " is before " + EARLIEST_EVENT_TIME, false);
        }
        if (eventTime.isAfter(received.plus(MAX_EVENT_TIME_AHEAD))) {
            return new Violation("eventTime", "eventTime: " + eventTime + " is more than " + MAX_EVENT_TIME_AHEAD.toHours()
                    + " hours after its receipt (" + received + ")", false);
        }
        return null;
    }

    private static Violation location(Location location) {
        if (location == null) {
            return null;
        }
        Violation v = optional("location.description", location.getDescription(), MAX_LOCATION_DESCRIPTION_BYTES);
        v = or(v, optional("location.city", location.getCity(), MAX_CITY_BYTES));
        v = or(v, optional("location.postalCode", location.getPostalCode(), MAX_POSTAL_CODE_BYTES));
        return or(v, optional("location.countryCode", location.getCountryCode(), MAX_COUNTRY_CODE_BYTES));
    }

    private static Violation attributes(Map<String, String> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            return new Violation("attributes", "attributes: " + attributes.size() + " entries, over the limit of " + MAX_ATTRIBUTES, true);
        }
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            Violation v = optional("attributes", entry.getKey(), MAX_ATTRIBUTE_KEY_BYTES);
            v = or(v, optional("attributes." + entry.getKey(), entry.getValue(), MAX_ATTRIBUTE_VALUE_BYTES));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Violation children(RawTrackingEvent raw) {
        if (raw.getChildParcels().size() > MAX_CHILD_PARCELS) {
            return new Violation("childParcels", "childParcels: " + raw.getChildParcels().size() + " entries, over the limit of "
                    + MAX_CHILD_PARCELS, true);
        }
        for (ChildParcel child : raw.getChildParcels()) {
            Violation v = optional("childParcels.trackingNumber", child.getTrackingNumber(), MAX_TRACKING_NUMBER_BYTES);
            v = or(v, optional("childParcels.trackingUrl", child.getTrackingUrl(), MAX_URL_BYTES));
            v = or(v, optional("childParcels.labelUrl", child.getLabelUrl(), MAX_URL_BYTES));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** A text field that must be present and within its limit. */
    public static Optional<Violation> requiredText(String field, String value, int maxBytes) {
        return Optional.ofNullable(required(field, value, maxBytes));
    }

    /** A text field that may be absent but not over its limit. */
    public static Optional<Violation> optionalText(String field, String value, int maxBytes) {
        return Optional.ofNullable(optional(field, value, maxBytes));
    }

    private static Violation required(String field, String value, int maxBytes) {
        if (value == null || value.isBlank()) {
            return new Violation(field, field + ": must not be blank", false);
        }
        return optional(field, value, maxBytes);
    }

    private static Violation optional(String field, String value, int maxBytes) {
        // Cheap first: a string of at most maxBytes/3 chars cannot be over the limit.
        if (value == null || value.length() <= maxBytes / 3) {
            return null;
        }
        int bytes = utf8Length(value);
        return bytes <= maxBytes ? null
                : new Violation(field, field + ": " + bytes + " bytes, over the limit of " + maxBytes, true);
    }

    private static Violation or(Violation first, Violation second) {
        return first != null ? first : second;
    }
}
