package io.trackstream.processor.topology;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentStatus;

/** Metrics that can never fail a record: a meter that throws is logged (the first time, then every 1,000th) and skipped. */
final class NeverFailingMetrics implements TrackingMetrics {

    private static final Logger log = LoggerFactory.getLogger(NeverFailingMetrics.class);

    private final TrackingMetrics delegate;
    private final AtomicLong failures = new AtomicLong();

    private NeverFailingMetrics(TrackingMetrics delegate) {
        this.delegate = delegate;
    }

    static TrackingMetrics wrap(TrackingMetrics metrics) {
        return metrics instanceof NeverFailingMetrics ? metrics : new NeverFailingMetrics(metrics);
    }

    private void safely(Runnable meter) {
        try {
            meter.run();
        } catch (RuntimeException e) {
            if (failures.getAndIncrement() % 1000 == 0) {
                log.warn("A metric could not be recorded ({} so far); the record is processed all the same", failures.get(), e);
            }
        }
    }

    @Override public void eventReceived(String provider, String carrier, EventSource source) { safely(() -> delegate.eventReceived(provider, carrier, source)); }
    @Override public void duplicateDropped(String provider, String carrier) { safely(() -> delegate.duplicateDropped(provider, carrier)); }
    @Override public void unmappedStatus(String provider, String carrier) { safely(() -> delegate.unmappedStatus(provider, carrier)); }
    @Override public void rejected(RejectionReason reason) { safely(() -> delegate.rejected(reason)); }
    @Override public void eventApplied(String provider, Duration sinceEventTime, Duration sinceReceived) { safely(() -> delegate.eventApplied(provider, sinceEventTime, sinceReceived)); }
    @Override public void parcelTransition(CanonicalStatus from, CanonicalStatus to) { safely(() -> delegate.parcelTransition(from, to)); }
    @Override public void shipmentTransition(ShipmentStatus from, ShipmentStatus to) { safely(() -> delegate.shipmentTransition(from, to)); }
    @Override public void autoCloseRequested(boolean sent) { safely(() -> delegate.autoCloseRequested(sent)); }
    @Override public void tenantConflict() { safely(delegate::tenantConflict); }
    @Override public void rederivation(long checked, long rederived, long left) { safely(() -> delegate.rederivation(checked, rederived, left)); }
}
