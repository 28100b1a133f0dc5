package io.trackstream.processor.state;

import java.util.ArrayList;
import java.util.List;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.TrackingEvent;

/**
 * A parcel as shipments carry it (the parcel-updates topic, the shipment's store and every record that embeds a
 * shipment): its state and its latest event, never its history, so a shipment record's size depends on its parcel
 * count alone. The history stays in the parcel table ({@code parcels-store}), which the read API serves.
 * <p>
 * {@code history} holds the newest {@value #RECENT_EVENTS} entry, {@code historyOmitted} counts the entries left out,
 * and {@code trimmedStatusEvent} is the event that set the current status when it is not the one kept (a status
 * change still names its cause). The mapping digest and the keys of trimmed entries are the parcel table's business
 * and are left out.
 */
public final class ShownParcel {

    /** History entries a shown parcel keeps, newest last. */
    public static final int RECENT_EVENTS = 1;

    private ShownParcel() {
    }

    /** The parcel as shown; itself when it is already (so showing is idempotent and cheap for shown parcels). */
    public static Parcel of(Parcel parcel) {
        if (parcel == null) {
            return null;
        }
        List<TrackingEvent> history = parcel.getHistory();
        int keep = Math.min(RECENT_EVENTS, history.size());
        List<TrackingEvent> recent = history.subList(history.size() - keep, history.size());
        TrackingEvent statusEvent = statusEvent(parcel);
        TrackingEvent olderStatusEvent = statusEvent == null || recent.contains(statusEvent) ? null : statusEvent;
        if (keep == history.size() && parcel.getMappingDigest() == null && !hasTrimmedEventKeys(parcel)
                && java.util.Objects.equals(olderStatusEvent, parcel.getTrimmedStatusEvent())) {
            return parcel;
        }
        // Field by field: Parcel.newBuilder(parcel) would deep-copy the whole history first.
        Parcel shown = new Parcel();
        shown.setParcelKey(parcel.getParcelKey());
        shown.setCarrier(parcel.getCarrier());
        shown.setTrackingNumber(parcel.getTrackingNumber());
        shown.setLabelId(parcel.getLabelId());
        shown.setStatus(parcel.getStatus());
        shown.setReason(parcel.getReason());
        shown.setLastCarrierStatusCode(parcel.getLastCarrierStatusCode());
        shown.setLastCarrierStatusText(parcel.getLastCarrierStatusText());
        shown.setStatusEventTime(parcel.getStatusEventTime());
        shown.setLastCarrierUpdate(parcel.getLastCarrierUpdate());
        shown.setDeliveredAt(parcel.getDeliveredAt());
        shown.setExpectedDelivery(parcel.getExpectedDelivery());
        shown.setTrackingUrl(parcel.getTrackingUrl());
        shown.setLabelUrl(parcel.getLabelUrl());
        shown.setChildParcels(parcel.getChildParcels());
        shown.setHistory(new ArrayList<>(recent));
        shown.setTrimmedStatusEvent(olderStatusEvent);
        shown.setHistoryOmitted(parcel.getHistoryOmitted() + history.size() - keep);
        shown.setMappingDigest(null);
        shown.setTrimmedEventKeys(TrimmedEventKeys.NONE);
        return shown;
    }

    private static boolean hasTrimmedEventKeys(Parcel parcel) {
        return parcel.getTrimmedEventKeys() != null && parcel.getTrimmedEventKeys().hasRemaining();
    }

    /**
     * The event that set the parcel's current status: the newest history entry of that status and status event
     * time, else the trimmed-status event, else the newest entry; null without history.
     */
    public static TrackingEvent statusEvent(Parcel parcel) {
        if (parcel == null || parcel.getHistory().isEmpty()) {
            return null;
        }
        List<TrackingEvent> history = parcel.getHistory();
        for (int i = history.size() - 1; i >= 0; i--) {
            TrackingEvent event = history.get(i);
            if (event.getStatus() == parcel.getStatus() && event.getEventTime().equals(parcel.getStatusEventTime())) {
                return event;
            }
        }
        if (parcel.getTrimmedStatusEvent() != null && parcel.getTrimmedStatusEvent().getStatus() == parcel.getStatus()) {
            return parcel.getTrimmedStatusEvent();
        }
        return history.get(history.size() - 1);
    }
}
