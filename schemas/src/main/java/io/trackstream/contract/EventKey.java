package io.trackstream.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

import io.trackstream.avro.RawTrackingEvent;

/**
 * The identity of a carrier event, from its meaning: carrier, tracking number, carrier status code, substatus,
 * event time and text. Pollers re-send a parcel's whole history on every poll with a new eventId and receivedTime, and webhooks
 * repeat; all those copies get the same key, and so are applied once. Code and carrier are compared
 * case-insensitively; the text is compared verbatim (trimmed), since it is the carrier's own words. A substatus
 * (Shiplemon's status_exact, courier-sync's subtag) is part of the meaning: a resend that adds WITH_COURIER to
 * TRANSIT is news. An event without one keys as it always has, so stored histories keep their keys. In the
 * contract because the pollers compute the same keys to tell when the processor holds a sync's events.
 */
public final class EventKey {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    });

    private EventKey() {
    }

    /** The key of a raw event: the one the processor dedupes it by and the pollers compare histories with. */
    public static String of(RawTrackingEvent raw) {
        return of(raw.getCarrier(), raw.getTrackingNumber(), raw.getCarrierStatusCode(), raw.getCarrierSubstatus(),
                raw.getEventTime(), raw.getCarrierStatusText());
    }

    /** 32 hex digits (128 bits of SHA-256). */
    public static String of(String carrier, String trackingNumber, String statusCode, Instant eventTime, String text) {
        return of(carrier, trackingNumber, statusCode, null, eventTime, text);
    }

    /** 32 hex digits (128 bits of SHA-256); a blank substatus is no substatus. */
    public static String of(String carrier, String trackingNumber, String statusCode, String substatus, Instant eventTime,
                            String text) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        update(digest, carrier.trim().toLowerCase(Locale.ROOT));
        update(digest, trackingNumber.trim());
        update(digest, statusCode == null ? "" : statusCode.trim().toLowerCase(Locale.ROOT));
        update(digest, Long.toString(eventTime.toEpochMilli()));
        update(digest, text == null ? "" : text.trim());
        if (substatus != null && !substatus.isBlank()) {
            update(digest, "substatus");
            update(digest, substatus.trim().toLowerCase(Locale.ROOT));
        }
        byte[] hash = digest.digest();
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    private static void update(MessageDigest digest, String part) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
