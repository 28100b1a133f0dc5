package io.trackstream.processor.topology;

import java.time.Duration;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentStatus;

/**
 * What the topology reports while it works; the app binds it to Micrometer. Counts are of processing attempts: a
 * task that aborts and re-processes under exactly-once counts its records again, while its outputs do not repeat.
 */
public interface TrackingMetrics {

    void eventReceived(String provider, String carrier, EventSource source);

    void duplicateDropped(String provider, String carrier);

    void unmappedStatus(String provider, String carrier);

    void rejected(RejectionReason reason);

    /** A new carrier event was applied to its parcel, this long after the carrier's event time and its receipt. */
    void eventApplied(String provider, Duration sinceEventTime, Duration sinceReceived);

    void parcelTransition(CanonicalStatus from, CanonicalStatus to);

    void shipmentTransition(ShipmentStatus from, ShipmentStatus to);

    void autoCloseRequested(boolean sent);

    /** A registration tried to move an existing shipment to another tenant, and was refused. */
    void tenantConflict();

    /**
     * A chunk of stored parcels was checked against the running mapping tables: {@code rederived} of them changed
     * status, reason or delivered date; about {@code left} are still to check in this task.
     */
    default void rederivation(long checked, long rederived, long left) {
    }

    static TrackingMetrics none() {
        return new TrackingMetrics() {
            @Override public void eventReceived(String provider, String carrier, EventSource source) { }
            @Override public void duplicateDropped(String provider, String carrier) { }
            @Override public void unmappedStatus(String provider, String carrier) { }
            @Override public void rejected(RejectionReason reason) { }
            @Override public void eventApplied(String provider, Duration sinceEventTime, Duration sinceReceived) { }
            @Override public void parcelTransition(CanonicalStatus from, CanonicalStatus to) { }
            @Override public void shipmentTransition(ShipmentStatus from, ShipmentStatus to) { }
            @Override public void autoCloseRequested(boolean sent) { }
            @Override public void tenantConflict() { }
        };
    }
}
