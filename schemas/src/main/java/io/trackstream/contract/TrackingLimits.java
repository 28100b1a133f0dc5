package io.trackstream.contract;

import java.time.Duration;
import java.time.Instant;

/**
 * The bounds of every input, one set for every component: webhook-ingest and the pollers refuse what the processor
 * would refuse, and the processor refuses it again (to {@code tracking.raw.rejected.v1}) whatever wrote it. Sizes are
 * UTF-8 bytes. They are chosen so that the largest parcel (a full history of the largest entries) stays far below
 * Kafka's 1 MiB record limit, and a shipment record is kept within {@link #MAX_SHIPMENT_RECORD_BYTES} by leaving out
 * its parcels' oldest history entries (docs/processor.md, "Bounds").
 */
public final class TrackingLimits {

    public static final int MAX_PROVIDER_BYTES = 32;
    public static final int MAX_CARRIER_BYTES = 32;
    public static final int MAX_TRACKING_NUMBER_BYTES = 64;
    public static final int MAX_EVENT_ID_BYTES = 128;
    public static final int MAX_STATUS_CODE_BYTES = 64;
    public static final int MAX_SUBSTATUS_BYTES = 64;
    /** About 500 Greek or 1,000 Latin characters: the seeds' texts are under 60. */
    public static final int MAX_STATUS_TEXT_BYTES = 1024;
    public static final int MAX_NAME_BYTES = 128;
    public static final int MAX_REFERENCE_BYTES = 128;
    public static final int MAX_URL_BYTES = 1024;
    public static final int MAX_LOCATION_DESCRIPTION_BYTES = 256;
    public static final int MAX_CITY_BYTES = 128;
    public static final int MAX_POSTAL_CODE_BYTES = 32;
    public static final int MAX_COUNTRY_CODE_BYTES = 8;
    public static final int MAX_CONTENT_TYPE_BYTES = 128;
    public static final int MAX_ATTRIBUTES = 20;
    public static final int MAX_ATTRIBUTE_KEY_BYTES = 64;
    public static final int MAX_ATTRIBUTE_VALUE_BYTES = 256;
    public static final int MAX_CHILD_PARCELS = 20;
    /** The raw payload one event carries (a webhook's whole body); webhook-ingest's body limit must not exceed it. */
    public static final int MAX_RAW_PAYLOAD_BYTES = 256 * 1024;
    /** A parcel's history, and so the most tracking entries one poll or webhook may report for one parcel. */
    public static final int MAX_HISTORY_ENTRIES = 200;
    public static final int MAX_PARCELS_PER_SHIPMENT = 50;
    /** How many shipments (of any tenants) may list one parcel; a registration past it is refused for that parcel. */
    public static final int MAX_SHIPMENTS_PER_PARCEL = 20;
    public static final int MAX_SHIPMENT_ID_BYTES = 128;
    public static final int MAX_ORDER_ID_BYTES = 128;
    public static final int MAX_TENANT_BYTES = 64;
    /**
     * A shipment record ({@code shipments.v1}, its store's changelog, and inside a status change) is kept under this
     * by leaving out its parcels' oldest history entries. Kafka's default record limit is 1 MiB.
     */
    public static final int MAX_SHIPMENT_RECORD_BYTES = 512 * 1024;
    /** What the rejected topic keeps of a payload: the first bytes, with the whole size beside them. */
    public static final int MAX_REJECTED_PAYLOAD_BYTES = 256 * 1024;

    /** No carrier event is dated before this. */
    public static final Instant EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");
    /** How far after its receipt a carrier may date an event (clocks and zones of carriers differ). */
    public static final Duration MAX_EVENT_TIME_AHEAD = Duration.ofDays(1);

    private TrackingLimits() {
    }

    /** The UTF-8 length of {@code text} without encoding it (0 for null). */
    public static int utf8Length(CharSequence text) {
        if (text == null) {
            return 0;
        }
        int bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Whether an event time is one a carrier can have meant, for an event received at {@code received}. */
    public static boolean plausibleEventTime(Instant eventTime, Instant received) {
        return !eventTime.isBefore(EARLIEST_EVENT_TIME) && !eventTime.isAfter(received.plus(MAX_EVENT_TIME_AHEAD));
    }
}
