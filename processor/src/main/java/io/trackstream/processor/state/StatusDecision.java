package io.trackstream.processor.state;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.TrackingEvent;

/** A parcel's current status and the event that set it ({@code cause} is null only for "no status yet"). */
public record StatusDecision(CanonicalStatus status, TrackingEvent cause) {

    public static final StatusDecision NONE = new StatusDecision(null, null);

    /** The decision an event alone makes (NONE for null): the start of a history whose older entries were trimmed. */
    public static StatusDecision of(TrackingEvent cause) {
        return cause == null ? NONE : new StatusDecision(cause.getStatus(), cause);
    }
}
