package io.trackstream.carriers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.trackstream.carriers.ParcelReport.CarrierEvent;
import io.trackstream.carriers.ParcelReport.RefusedEntry;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonField;

/**
 * Reads a payload's tracking entries one at a time: an entry that cannot be read (no status, no date, a date no reader
 * understands) is refused alone, naming its field and keeping the status it carried, and the others are still read.
 */
public final class TrackingEntries {

    private final List<CarrierEvent> events = new ArrayList<>();
    private final List<RefusedEntry> refused = new ArrayList<>();

    /** Reads {@code entry} with {@code reader}; {@code status} is the entry's status field, kept if the entry is refused. */
    public void read(JsonField entry, JsonField status, Function<JsonField, CarrierEvent> reader) {
        try {
            events.add(reader.apply(entry));
        } catch (InvalidPayloadException e) {
            refused.add(new RefusedEntry(e, status.optionalScalarText()));
        }
    }

    public List<CarrierEvent> events() {
        return events;
    }

    public List<RefusedEntry> refused() {
        return refused;
    }

    public boolean isEmpty() {
        return events.isEmpty() && refused.isEmpty();
    }
}
