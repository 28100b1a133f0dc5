package io.trackstream.processor.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.processor.topology.TrackingMetrics;

/** Counts what the topology reports, for assertions. */
public final class RecordingMetrics implements TrackingMetrics {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    public final List<Duration> sinceEventTime = new ArrayList<>();
    public final List<Duration> sinceReceived = new ArrayList<>();

    public long count(String name) {
        AtomicLong count = counts.get(name);
        return count == null ? 0 : count.get();
    }

    private void inc(String name) {
        counts.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    }

    @Override public void eventReceived(String provider, String carrier, EventSource source) { inc("in"); inc("in:" + provider + ":" + source); }
    @Override public void duplicateDropped(String provider, String carrier) { inc("duplicates"); }
    @Override public void unmappedStatus(String provider, String carrier) { inc("unmapped"); inc("unmapped:" + provider); }
    @Override public void rejected(RejectionReason reason) { inc("rejected:" + reason); }
    @Override public synchronized void eventApplied(String provider, Duration e, Duration r) { inc("applied"); sinceEventTime.add(e); sinceReceived.add(r); }
    @Override public void parcelTransition(CanonicalStatus from, CanonicalStatus to) { inc("parcel:" + from + "->" + to); }
    @Override public void shipmentTransition(ShipmentStatus from, ShipmentStatus to) { inc("shipment:" + from + "->" + to); }
    @Override public void autoCloseRequested(boolean sent) { inc(sent ? "autoClose:sent" : "autoClose:skipped"); }
    @Override public void tenantConflict() { inc("tenantConflict"); }
    @Override public void rederivation(long checked, long rederived, long left) {
        counts.computeIfAbsent("rederive:checked", n -> new AtomicLong()).addAndGet(checked);
        counts.computeIfAbsent("rederive:rederived", n -> new AtomicLong()).addAndGet(rederived);
    }
}
