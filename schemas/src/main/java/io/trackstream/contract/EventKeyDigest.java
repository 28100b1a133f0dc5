package io.trackstream.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

import io.trackstream.avro.RawTrackingEvent;

/**
 * A digest of a parcel's set of event keys ({@link EventKey}): the same for the same set, whatever the order and
 * however often a key repeats. The processor puts the digest of the keys it holds for a parcel into the parcel's poll
 * target; a poller computes it over a polled history and publishes the history only when the two differ. In the
 * contract so that both sides compute it with one function. It spares the broker, never replaces the processor's
 * dedupe: a poller that does not have the processor's latest digest publishes, as before digests.
 */
public final class EventKeyDigest {

    private EventKeyDigest() {
    }

    /** 32 hex digits (128 bits of SHA-256 over the distinct keys in order); null for no keys. */
    public static String of(Collection<String> eventKeys) {
        if (eventKeys.isEmpty()) {
            return null;
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
        for (String key : new TreeSet<>(eventKeys)) {
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    /** The digest of the events' keys, each computed as the processor computes it. */
    public static String ofEvents(List<RawTrackingEvent> events) {
        return of(events.stream().map(EventKey::of).toList());
    }

    /**
     * Whether a polled history adds nothing to what the processor holds: its digest is the processor's. A null digest
     * (a target written before digests, or a parcel without events) never matches.
     */
    public static boolean unchanged(String heldDigest, List<RawTrackingEvent> polled) {
        return heldDigest != null && !polled.isEmpty() && heldDigest.equals(ofEvents(polled));
    }
}
