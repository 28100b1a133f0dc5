package io.trackstream.processor.topology;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.ShipmentRegistration;

/**
 * What the parcel side tells a shipment (keyed by shipment id): a parcel's new state, and the registration when
 * the parcel was (re-)assigned to the shipment. Every shipment learns its registration this way, before any
 * event-only update of the same parcel, because both travel the same partition in order.
 *
 * @param registration the registration, when this update assigns the parcel; else null
 * @param parcel       the parcel's state; null when it has no carrier event yet
 */
public record ParcelUpdate(ShipmentRegistration registration, Parcel parcel) implements ParcelOutput {
}
