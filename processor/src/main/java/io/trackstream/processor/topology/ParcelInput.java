package io.trackstream.processor.topology;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.ShipmentRegistration;

/** What arrives at a parcel's state (keyed by parcel key): a carrier event, or the parcel's registration. */
public sealed interface ParcelInput {

    record Event(RawTrackingEvent raw) implements ParcelInput {
    }

    record Assignment(ShipmentRegistration registration) implements ParcelInput {
    }
}
