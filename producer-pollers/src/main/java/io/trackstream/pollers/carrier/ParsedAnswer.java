package io.trackstream.pollers.carrier;

import java.util.List;

/**
 * What a successful answer holds: its observations, and the history entries that could not become one (an entry
 * without a date cannot be placed in time, so it is counted, not invented).
 */
public record ParsedAnswer(List<CarrierObservation> observations, int skippedEntries) {

    public ParsedAnswer {
        observations = List.copyOf(observations);
    }

    public static ParsedAnswer of(List<CarrierObservation> observations) {
        return new ParsedAnswer(observations, 0);
    }
}
