package io.trackstream.carriers.json;

import io.trackstream.avro.RejectionReason;

/**
 * A carrier payload we cannot turn into tracking events: why, and which field (dotted path,
 * {@code data.tracking_history[1].status_date}). Where the parcel was already known when it failed, it is kept, so the
 * rejected record can be keyed by it.
 */
public class InvalidPayloadException extends RuntimeException {

    private final RejectionReason reason;
    private final String field;
    private final String carrier;
    private final String trackingNumber;

    public InvalidPayloadException(RejectionReason reason, String field, String message) {
        this(reason, field, message, null, null);
    }

    private InvalidPayloadException(RejectionReason reason, String field, String message, String carrier, String trackingNumber) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
        this.carrier = carrier;
        this.trackingNumber = trackingNumber;
    }

    public static InvalidPayloadException missing(String field) {
        return new InvalidPayloadException(RejectionReason.MISSING_FIELD, field, "Field '" + field + "' is required");
    }

    public static InvalidPayloadException invalid(String field, String what) {
        return new InvalidPayloadException(RejectionReason.INVALID_VALUE, field, "Field '" + field + "' " + what);
    }

    /** The same failure, now knowing which parcel it concerns. */
    public InvalidPayloadException aboutParcel(String carrier, String trackingNumber) {
        return new InvalidPayloadException(reason, field, getMessage(), carrier, trackingNumber);
    }

    public RejectionReason reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    public String carrier() {
        return carrier;
    }

    public String trackingNumber() {
        return trackingNumber;
    }
}
