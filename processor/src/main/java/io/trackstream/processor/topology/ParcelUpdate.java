package io.trackstream.processor.topology;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.state.ShownParcel;

/**
 * What the parcel side tells a shipment (keyed by shipment id): a parcel's new state, and the registration when
 * the parcel was (re-)assigned to the shipment. Every shipment learns its registration this way, before any
 * event-only update of the same parcel, because both travel the same partition in order.
 *
 * @param parcelKey    the parcel it is about (null only in updates written before it was carried)
 * @param registration the registration, when this update assigns the parcel; else null
 * @param parcel       the parcel's state as shipments show it ({@link ShownParcel}: no history but its latest event);
 *                     null when it has no carrier event yet
 */
public record ParcelUpdate(String parcelKey, ShipmentRegistration registration, Parcel parcel) implements ParcelOutput {

    public ParcelUpdate {
        parcel = ShownParcel.of(parcel);
    }

    public ParcelUpdate(ShipmentRegistration registration, Parcel parcel) {
        this(parcel == null ? null : parcel.getParcelKey(), registration, parcel);
    }
}
