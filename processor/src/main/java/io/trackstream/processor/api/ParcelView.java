package io.trackstream.processor.api;

import java.time.Instant;
import java.util.List;

import io.trackstream.avro.Location;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.TrackingEvent;

/** A parcel with its deduped history, oldest event first; texts are the carrier's own, verbatim. */
public record ParcelView(
        String parcelKey,
        String carrier,
        String trackingNumber,
        String labelId,
        String status,
        String reason,
        String lastCarrierStatusCode,
        String lastCarrierStatusText,
        Instant statusEventTime,
        Instant lastCarrierUpdate,
        Instant deliveredAt,
        Instant expectedDelivery,
        String trackingUrl,
        String labelUrl,
        List<Event> history) {

    /** The parcel with the history it carries (from the parcel table, its whole history). */
    public static ParcelView of(Parcel p) {
        return of(p, Event.historyOf(p));
    }

    /** The parcel's state with {@code history} (a shipment's parcels carry their latest event only). */
    public static ParcelView of(Parcel p, List<Event> history) {
        return new ParcelView(p.getParcelKey(), p.getCarrier(), p.getTrackingNumber(), p.getLabelId(),
                p.getStatus() == null ? null : p.getStatus().name(), p.getReason().name(), p.getLastCarrierStatusCode(),
                p.getLastCarrierStatusText(), p.getStatusEventTime(), p.getLastCarrierUpdate(), p.getDeliveredAt(),
                p.getExpectedDelivery(), p.getTrackingUrl(), p.getLabelUrl(), List.copyOf(history));
    }

    public record Event(String eventKey, String status, String reason, String provider, String source,
                        String carrierStatusCode, String carrierSubstatus, String carrierStatusText,
                        Instant eventTime, Instant receivedTime, Place location) {

        /** The history {@code p} carries, oldest first. */
        static List<Event> historyOf(Parcel p) {
            return p.getHistory().stream().map(Event::of).toList();
        }

        static Event of(TrackingEvent e) {
            Location l = e.getLocation();
            return new Event(e.getEventKey(), e.getStatus().name(), e.getReason().name(), e.getProvider(),
                    e.getSource().name(), e.getCarrierStatusCode(), e.getCarrierSubstatus(), e.getCarrierStatusText(),
                    e.getEventTime(), e.getReceivedTime(),
                    l == null ? null : new Place(l.getDescription(), l.getCity(), l.getPostalCode(), l.getCountryCode()));
        }
    }

    public record Place(String description, String city, String postalCode, String countryCode) {
    }
}
