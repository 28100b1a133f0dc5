package io.trackstream.contract;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.trackstream.avro.RawTrackingEvent;

/**
 * Stamps the events that one poll or webhook reports together: each parcel's events get one batch id and their
 * count, so the processor applies them as a whole (DESIGN: "one poll response or webhook is applied as a whole")
 * whatever the timing of their arrival. Every producer of raw events calls it just before publishing.
 */
public final class EventBatches {

    private EventBatches() {
    }

    /** Sets one batchId on {@code events} and, per parcel key, their count as batchSize; returns them. */
    public static List<RawTrackingEvent> stamp(List<RawTrackingEvent> events) {
        Map<String, Integer> counts = new HashMap<>();
        for (RawTrackingEvent event : events) {
            counts.merge(key(event), 1, Integer::sum);
        }
        String batch = UUID.randomUUID().toString();
        for (RawTrackingEvent event : events) {
            event.setBatchId(batch);
            event.setBatchSize(counts.get(key(event)));
        }
        return events;
    }

    private static String key(RawTrackingEvent event) {
        // lenient: an event with a blank carrier is still counted, and rejected later by RawEventCheck
        String carrier = event.getCarrier() == null ? "" : event.getCarrier().trim().toLowerCase(java.util.Locale.ROOT);
        String trackingNumber = event.getTrackingNumber() == null ? "" : event.getTrackingNumber().trim();
        return carrier + ':' + trackingNumber;
    }
}
