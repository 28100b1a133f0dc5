package io.trackstream.processor.topology;

import io.trackstream.avro.PollTarget;

/** What a parcel's state emits: an update for its shipment, a poll target change, or a rejected event. */
public sealed interface ParcelOutput permits ParcelUpdate, ParcelOutput.PollTargetChange, Rejection {

    /** @param target what to poll; null is the tombstone that stops polling */
    record PollTargetChange(PollTarget target) implements ParcelOutput {
    }
}
