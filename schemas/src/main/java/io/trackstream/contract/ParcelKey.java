package io.trackstream.contract;

import java.util.Locale;
import java.util.Objects;

/**
 * A parcel's identity: carrier and tracking number together, never the tracking number alone, because two carriers
 * can issue the same number. Its text form {@code carrier:trackingNumber} is the key of {@code tracking.raw.v1} and
 * {@code tracking.poll-targets.v1}. The carrier is normalised to lower case; the tracking number is kept as issued
 * (trimmed), since some carriers' numbers are case-sensitive.
 */
public record ParcelKey(String carrier, String trackingNumber) {

    public ParcelKey {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(trackingNumber, "trackingNumber");
        carrier = carrier.trim().toLowerCase(Locale.ROOT);
        trackingNumber = trackingNumber.trim();
        if (carrier.isEmpty() || carrier.indexOf(':') >= 0) {
            throw new IllegalArgumentException("carrier must be non-empty and contain no ':', was \"" + carrier + "\"");
        }
        if (trackingNumber.isEmpty()) {
            throw new IllegalArgumentException("trackingNumber must be non-empty");
        }
    }

    public static ParcelKey of(String carrier, String trackingNumber) {
        return new ParcelKey(carrier, trackingNumber);
    }

    /** Parses {@code carrier:trackingNumber}; the tracking number may itself contain ':'. */
    public static ParcelKey parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("A parcel key is carrier:trackingNumber, was \"" + text + "\"");
        }
        return new ParcelKey(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return carrier + ':' + trackingNumber;
    }
}
