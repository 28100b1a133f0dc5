package io.trackstream.pollers.poll;

import java.time.Instant;
import java.util.List;

import io.trackstream.avro.RawTrackingEvent;

/** A finished poll: when the answer came and the events it published to the raw topic. */
public record PollResult(Instant receivedAt, List<RawTrackingEvent> events) {

    public PollResult {
        events = List.copyOf(events);
    }
}
