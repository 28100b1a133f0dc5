package io.trackstream.processor.state;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import io.trackstream.avro.TrackingEvent;

/**
 * The parcel's {@code trimmedEventKeys}: the event keys of the entries trimmed from its history, so that a re-sent
 * event the history no longer holds is still known. Each key is kept as its first 8 bytes (event keys are 128 bits
 * of SHA-256: two of a parcel's few hundred events share 64 bits with odds of about 1 in 10^15), big-endian, one after
 * the other, the latest trims last. The buffer is never written to once built: parcels share it.
 */
public final class TrimmedEventKeys {

    static final ByteBuffer NONE = ByteBuffer.allocate(0);
    private static final int MARK = Long.BYTES;

    private TrimmedEventKeys() {
    }

    /** The first 8 bytes of an event key (32 hex digits); a key of another shape (none is stored today) is hashed. */
    static long markOf(String eventKey) {
        if (eventKey.length() >= 16 && isHex(eventKey)) {
            return HexFormat.fromHexDigitsToLong(eventKey, 0, 16);
        }
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < eventKey.length(); i++) {
            hash = (hash ^ eventKey.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    private static boolean isHex(String key) {
        for (int i = 0; i < 16; i++) {
            if (Character.digit(key.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    static int count(ByteBuffer keys) {
        return keys == null ? 0 : keys.remaining() / MARK;
    }

    static boolean contains(ByteBuffer keys, String eventKey) {
        int count = count(keys);
        if (count == 0) {
            return false;
        }
        long mark = markOf(eventKey);
        int start = keys.position();
        for (int i = 0; i < count; i++) {
            if (keys.getLong(start + i * MARK) == mark) {
                return true;
            }
        }
        return false;
    }

    /** {@code keys} with the marks of {@code trimmed} after them, keeping the latest {@code max}. */
    static ByteBuffer with(ByteBuffer keys, List<TrackingEvent> trimmed, int max) {
        if (trimmed.isEmpty()) {
            return keys == null ? NONE : keys;
        }
        int kept = Math.min(max, count(keys) + trimmed.size());
        ByteBuffer next = ByteBuffer.allocate(kept * MARK);
        int fromOld = Math.max(0, kept - trimmed.size());
        int start = keys == null ? 0 : keys.position() + (count(keys) - fromOld) * MARK;
        for (int i = 0; i < fromOld; i++) {
            next.putLong(keys.getLong(start + i * MARK));
        }
        for (TrackingEvent event : trimmed.subList(trimmed.size() - (kept - fromOld), trimmed.size())) {
            next.putLong(markOf(event.getEventKey()));
        }
        return next.flip();
    }
}
