package io.trackstream.processor.state;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.EventKey;
import io.trackstream.processor.mapping.MappedStatus;

/** Converts a raw carrier event, once mapped, into the history entry kept on the parcel. */
public final class TrackingEvents {

    private TrackingEvents() {
    }

    public static String keyOf(RawTrackingEvent raw) {
        return EventKey.of(raw);
    }

    public static TrackingEvent from(RawTrackingEvent raw, String eventKey, MappedStatus mapped) {
        return TrackingEvent.newBuilder()
                .setEventKey(eventKey)
                .setStatus(mapped.status())
                .setReason(mapped.reason())
                .setProvider(raw.getProvider())
                .setSource(raw.getSource())
                .setCarrierStatusCode(raw.getCarrierStatusCode())
                .setCarrierSubstatus(raw.getCarrierSubstatus())
                .setCarrierStatusText(raw.getCarrierStatusText())
                .setEventTime(raw.getEventTime())
                .setReceivedTime(raw.getReceivedTime())
                .setLocation(raw.getLocation())
                .build();
    }
}
