package io.trackstream.pollers.poll;

import java.time.Instant;
import java.util.List;

import io.trackstream.pollers.carrier.CarrierObservation;

/** A finished poll: when the answer came and what it said (all of it now on the raw topic). */
public record PollResult(Instant receivedAt, List<CarrierObservation> observations) {

    public PollResult {
        observations = List.copyOf(observations);
    }
}
