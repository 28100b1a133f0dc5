package io.trackstream.carriers;

import java.util.Locale;

import io.trackstream.carriers.json.InvalidPayloadException;

/** Carrier ids as the parcel key wants them: lower case, trimmed, no ':' (it separates carrier and tracking number). */
public final class CarrierCodes {

    private CarrierCodes() {
    }

    public static String normalize(String carrier, String field) {
        String value = carrier.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw InvalidPayloadException.missing(field);
        }
        if (value.indexOf(':') >= 0) {
            throw InvalidPayloadException.invalid(field, "must not contain ':'");
        }
        return value;
    }
}
