package io.trackstream.processor.mapping;

import java.util.Objects;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ReasonCode;

/**
 * What a carrier code means in the canonical vocabulary. {@code outcome} says whether a table knew the code; an
 * unknown code still yields a value ({@link CanonicalStatus#UNKNOWN}) so the event is kept, never dropped.
 */
public record MappedStatus(CanonicalStatus status, ReasonCode reason, Outcome outcome) {

    public enum Outcome { MAPPED, UNMAPPED_STATUS, UNKNOWN_PROVIDER }

    public MappedStatus {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(outcome, "outcome");
    }

    public static MappedStatus of(CanonicalStatus status, ReasonCode reason) {
        return new MappedStatus(status, reason, Outcome.MAPPED);
    }

    static MappedStatus unmapped(Outcome why) {
        return new MappedStatus(CanonicalStatus.UNKNOWN, ReasonCode.NONE, why);
    }

    public boolean mapped() {
        return outcome == Outcome.MAPPED;
    }
}
