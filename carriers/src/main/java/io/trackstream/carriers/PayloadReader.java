package io.trackstream.carriers;

import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonField;

/**
 * One provider's tracking payload, read the same way whether it was polled or pushed: a parsed payload in, a
 * {@link ParcelReport} out. What makes the payload unusable as a whole (no carrier, no tracking number, a wrong type
 * outside the entries) throws {@link InvalidPayloadException} naming the field; an entry that cannot be read is
 * refused alone in the report. Readers are pure functions of the payload, with no Spring and no I/O.
 */
public interface PayloadReader {

    /** The provider id (docs/conventions.md): shiplemon, courier-sync, salesive, carriyo, generic. */
    String provider();

    /** The field holding the tracking entries, to name in an error about them. */
    String eventsField();

    /** @param known what the receiver already knows about the shipment (a poll's call), {@link KnownShipment#NONE} if nothing */
    ParcelReport read(JsonField root, KnownShipment known);

    default ParcelReport read(JsonField root) {
        return read(root, KnownShipment.NONE);
    }
}
