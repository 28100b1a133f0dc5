package io.trackstream.processor.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ParcelStatusChange;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.processor.state.ShownParcel;

/**
 * The parcels (labels) of a shipment whose status a new version changed. Shop platforms keep a status per label, and
 * most parcel changes leave the shipment's status as it was (the 2nd of 3 parcels delivered), so these are published
 * on their own topic: consumers of shipment status changes see no records whose shipment status stayed.
 * A parcel counts when it has a status now and the previous version showed it with another one, without one, or not
 * at all; a parcel dropped by a re-registration is not a change of its status.
 */
final class ParcelStatusChanges {

    private ParcelStatusChanges() {
    }

    /** The record for {@code after}, or null when none of its parcels changed status. */
    static ParcelStatusChanged of(Shipment before, Shipment after, boolean shipmentStatusChanged, Instant now) {
        List<ParcelStatusChange> changes = between(before, after);
        if (changes.isEmpty()) {
            return null;
        }
        return ParcelStatusChanged.newBuilder()
                .setChangeId(after.getShipmentId() + ":" + after.getVersion())
                .setShipmentId(after.getShipmentId())
                .setTenant(after.getTenant())
                .setOrderId(after.getOrderId())
                .setParcels(changes)
                .setShipmentStatusChanged(shipmentStatusChanged)
                .setChangedAt(now)
                .setShipment(after)
                .build();
    }

    static List<ParcelStatusChange> between(Shipment before, Shipment after) {
        Map<String, CanonicalStatus> previous = new HashMap<>();
        if (before != null) {
            before.getParcels().forEach(p -> previous.put(p.getParcelKey(), p.getStatus()));
        }
        List<ParcelStatusChange> changes = new ArrayList<>(1);
        for (Parcel parcel : after.getParcels()) {
            CanonicalStatus from = previous.get(parcel.getParcelKey());
            if (parcel.getStatus() == null || parcel.getStatus() == from) {
                continue;
            }
            TrackingEvent cause = ShownParcel.statusEvent(parcel);
            changes.add(ParcelStatusChange.newBuilder()
                    .setParcelKey(parcel.getParcelKey())
                    .setTrackingNumber(parcel.getTrackingNumber())
                    .setLabelId(parcel.getLabelId())
                    .setFrom(from)
                    .setTo(parcel.getStatus())
                    .setCauseEventKey(cause == null ? null : cause.getEventKey())
                    .setCauseCarrierStatusCode(cause == null ? null : cause.getCarrierStatusCode())
                    .setCauseCarrierStatusText(cause == null ? null : cause.getCarrierStatusText())
                    .setCauseEventTime(cause == null ? parcel.getStatusEventTime() : cause.getEventTime())
                    .build());
        }
        return changes;
    }
}
