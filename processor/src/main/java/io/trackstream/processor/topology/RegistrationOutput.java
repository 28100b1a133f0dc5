package io.trackstream.processor.topology;

import io.trackstream.avro.ShipmentRegistration;

/** A registration fanned out to one of its parcels (keyed by parcel key), or refused. */
public sealed interface RegistrationOutput permits RegistrationOutput.ForParcel, Rejection {

    record ForParcel(ShipmentRegistration registration) implements RegistrationOutput {
    }
}
