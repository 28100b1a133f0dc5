package io.trackstream.carriers;

import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonField;
import io.trackstream.contract.CarrierTimes;

/**
 * One provider's tracking payload, read the same way whether it was polled or pushed: a parsed payload in, a
 * {@link ParcelReport} out. What makes the payload unusable as a whole (no carrier, no tracking number, a wrong type
 * outside the entries) throws {@link InvalidPayloadException} naming the field; an entry that cannot be read is
 * refused alone in the report. Readers are pure functions of the payload, with no Spring and no I/O; a time without
 * an offset is read in the carrier's zone ({@link CarrierTimes}).
 */
public abstract class PayloadReader {

    private final String provider;
    private final String eventsField;
    protected final CarrierTimes times;

    protected PayloadReader(String provider, String eventsField, CarrierTimes times) {
        this.provider = provider;
        this.eventsField = eventsField;
        this.times = times;
    }

    /** The provider id (docs/conventions.md): shiplemon, courier-sync, salesive, carriyo, generic. */
    public final String provider() {
        return provider;
    }

    /** The field holding the tracking entries, to name in an error about them. */
    public final String eventsField() {
        return eventsField;
    }

    /** @param known what the receiver already knows about the shipment (a poll's call), {@link KnownShipment#NONE} if nothing */
    public abstract ParcelReport read(JsonField root, KnownShipment known);

    public ParcelReport read(JsonField root) {
        return read(root, KnownShipment.NONE);
    }
}
