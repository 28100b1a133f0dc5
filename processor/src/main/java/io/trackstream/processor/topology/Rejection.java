package io.trackstream.processor.topology;

import io.trackstream.avro.RejectedEvent;

/** A record for {@code tracking.raw.rejected.v1}. */
public record Rejection(RejectedEvent event) implements ParcelOutput, RegistrationOutput {
}
