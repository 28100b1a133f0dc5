package io.trackstream.pollers.carrier;

import io.trackstream.avro.RejectionReason;
import io.trackstream.contract.ParcelKey;

/**
 * One entry of a provider's answer that is not published: which parcel (null when the answer did not say), the field
 * at fault as a path in the answer ({@code data.tracking_history[2].status_date}), why, and the status code it carried
 * where it had one.
 */
public record RejectedEntry(ParcelKey parcel, String field, RejectionReason reason, String detail, String statusCode) {

    public static RejectedEntry missing(ParcelKey parcel, String field, String statusCode) {
        return new RejectedEntry(parcel, field, RejectionReason.MISSING_FIELD, field + ": missing", statusCode);
    }

    public static RejectedEntry unreadableTime(ParcelKey parcel, String field, String value, String statusCode) {
        String shown = value.length() <= 40 ? value : value.substring(0, 40) + "…";
        return new RejectedEntry(parcel, field, RejectionReason.INVALID_VALUE,
                field + ": not an ISO 8601 date-time (2024-07-15T10:02:00Z, with or without an offset): \"" + shown + "\"", statusCode);
    }
}
