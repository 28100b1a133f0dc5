package io.trackstream.processor.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.processor.topology.TrackingMetrics;

/**
 * The topology's metrics in Micrometer (docs/processor.md lists them): counters by provider, carrier, source,
 * reason and transition, and end-to-end latency histograms. Meters are cached by their tags, since they are
 * touched for every record.
 */
public final class MicrometerTrackingMetrics implements TrackingMetrics {

    static final String PREFIX = "trackstream.processor.";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public MicrometerTrackingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void eventReceived(String provider, String carrier, EventSource source) {
        counter("events.in", "Raw events read", "provider", provider, "carrier", carrier, "source", source == null ? "unknown" : source.name().toLowerCase()).increment();
    }

    @Override
    public void duplicateDropped(String provider, String carrier) {
        counter("events.duplicates", "Raw events dropped as repeats of an applied carrier event", "provider", provider, "carrier", carrier).increment();
    }

    @Override
    public void unmappedStatus(String provider, String carrier) {
        counter("events.unmapped", "Raw events whose status code no mapping table knows", "provider", provider, "carrier", carrier).increment();
    }

    @Override
    public void rejected(RejectionReason reason) {
        counter("events.rejected", "Records dead-lettered or skipped", "reason", reason.name().toLowerCase()).increment();
    }

    @Override
    public void eventApplied(String provider, Duration sinceEventTime, Duration sinceReceived) {
        timer("latency.event-time", "From the carrier's event time to the event applied to its parcel", provider).record(nonNegative(sinceEventTime));
        timer("latency.received-time", "From receipt by trackstream to the event applied to its parcel", provider).record(nonNegative(sinceReceived));
    }

    @Override
    public void parcelTransition(CanonicalStatus from, CanonicalStatus to) {
        counter("parcel.transitions", "Parcel status changes", "from", name(from), "to", name(to)).increment();
    }

    @Override
    public void shipmentTransition(ShipmentStatus from, ShipmentStatus to) {
        counter("shipment.transitions", "Shipment status changes", "from", name(from), "to", name(to)).increment();
    }

    @Override
    public void autoCloseRequested(boolean sent) {
        counter("auto-close", "Shipments delivered for the first time: auto-close sent, or skipped for an excluded sales channel",
                "outcome", sent ? "sent" : "skipped").increment();
    }

    @Override
    public void tenantConflict() {
        counter("registrations.tenant-conflicts", "Registrations refused because the shipment id belongs to another tenant").increment();
    }

    private final java.util.concurrent.atomic.AtomicLong rederiveLeft = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean rederiveGauge;

    @Override
    public void rederivation(long checked, long rederived, long left) {
        counter("mappings.rederive.checked", "Stored parcels checked against the running mapping tables").increment(checked);
        counter("mappings.rederive.rederived", "Stored parcels whose status, reason or delivered date changed with the running tables")
                .increment(rederived);
        if (!rederiveGauge) {
            rederiveGauge = true;
            io.micrometer.core.instrument.Gauge.builder(PREFIX + "mappings.rederive.left", rederiveLeft, java.util.concurrent.atomic.AtomicLong::get)
                    .description("Stored parcels still to check against the running mapping tables (about; last task to report)")
                    .register(registry);
        }
        rederiveLeft.set(left);
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("\u0000", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(PREFIX + name).description(description)
                .tags(safe(tags)).register(registry));
    }

    private Timer timer(String name, String description, String provider) {
        return timers.computeIfAbsent(name + '\u0000' + provider, k -> Timer.builder(PREFIX + name).description(description)
                .tag("provider", provider == null ? "unknown" : provider)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofDays(30))
                .register(registry));
    }

    private static String[] safe(String[] tags) {
        String[] out = tags.clone();
        for (int i = 1; i < out.length; i += 2) {
            out[i] = out[i] == null ? "unknown" : out[i];
        }
        return out;
    }

    /** Timers take nanoseconds in a long (292 years): an event dated centuries off would overflow it. */
    private static final Duration LONGEST = Duration.ofDays(3650);

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d.compareTo(LONGEST) > 0 ? LONGEST : d;
    }

    private static String name(Enum<?> status) {
        return status == null ? "none" : status.name();
    }
}
