package io.trackstream.pollers.carrier;

import java.util.List;

/**
 * What a successful answer holds: its observations, and the history entries that could not become one (no status, no
 * date, a date no reader understands). Each of those is rejected alone, naming its field; the rest of the answer is
 * still published.
 */
public record ParsedAnswer(List<CarrierObservation> observations, List<RejectedEntry> rejected) {

    public ParsedAnswer {
        observations = List.copyOf(observations);
        rejected = List.copyOf(rejected);
    }

    public static ParsedAnswer of(List<CarrierObservation> observations) {
        return new ParsedAnswer(observations, List.of());
    }
}
