package io.trackstream.processor.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.ParcelKey;
import io.trackstream.processor.mapping.MappedStatus;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.state.ParcelAggregator;
import io.trackstream.processor.state.ParcelStatusRules;
import io.trackstream.processor.state.TrackingEvents;

/**
 * The state of every parcel, keyed by {@code carrier:trackingNumber}. A carrier event is applied once: its event
 * key is looked up in a window store that remembers keys for the dedupe retention (one point read, no parcel value
 * read for a repeat), and again in the parcel's history. A new event is mapped to the canonical vocabulary and added to the
 * history; an unmapped code is kept as UNKNOWN and also dead-lettered. Changed parcels are sent to their shipment
 * at the next flush (see {@link #flushPending}). Events of a parcel that no registration has claimed yet wait here;
 * when the registration arrives the parcel is sent to its shipment at once.
 */
final class ParcelProcessor implements Processor<String, ParcelInput, String, ParcelOutput> {

    private static final String NO_STATUS = "";


    private final StatusMappings mappings;
    private final ParcelAggregator aggregator;
    private final Duration dedupeRetention;
    private final TrackingMetrics metrics;
    private final Duration flushInterval;
    private final FlushPolicy flushPolicy;
    private long lastFlushMs;
    /** How far ahead of its receipt a carrier may date an event (clock skew, time zones) and still be filed. */
    private final long tolerance;

    private ProcessorContext<String, ParcelOutput> context;
    private WindowStore<String, Long> seenEvents;
    private RecentValues<Parcel> parcels;
    private RecentValues<ShipmentRegistration> assignments;
    private KeyValueStore<String, String> pending;

    ParcelProcessor(StatusMappings mappings, ParcelAggregator aggregator, Duration dedupeRetention, Duration flushInterval,
                    FlushPolicy flushPolicy, TrackingMetrics metrics) {
        this.flushPolicy = flushPolicy;
        this.mappings = mappings;
        this.aggregator = aggregator;
        this.dedupeRetention = dedupeRetention;
        this.flushInterval = flushInterval;
        this.metrics = metrics;
        this.tolerance = Math.min(Duration.ofDays(1).toMillis(), dedupeRetention.toMillis() / 4);
    }

    @Override
    public void init(ProcessorContext<String, ParcelOutput> context) {
        this.context = context;
        this.seenEvents = context.getStateStore(TopologyNames.DEDUPE_STORE);
        this.parcels = new RecentValues<>(context.getStateStore(TopologyNames.PARCELS_STORE));
        this.assignments = new RecentValues<>(context.getStateStore(TopologyNames.PARCEL_ASSIGNMENTS_STORE));
        this.pending = context.getStateStore(TopologyNames.PARCEL_CHANGES_PENDING_STORE);
        this.lastFlushMs = Long.MIN_VALUE;
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /** A closed task (revoked, or closed to be revived after a failed transaction) starts again from its stores. */
    @Override
    public void close() {
        if (parcels != null) {
            parcels.clear();
            assignments.clear();
        }
    }

    @Override
    public void process(Record<String, ParcelInput> record) {
        flushPolicy.processed();
        if (record.value() instanceof ParcelInput.Event event) {
            onEvent(record, event.raw());
        } else if (record.value() instanceof ParcelInput.Assignment assignment) {
            onAssignment(record, assignment.registration());
        }
    }

    private void onEvent(Record<String, ParcelInput> record, RawTrackingEvent raw) {
        metrics.eventReceived(raw.getProvider(), raw.getCarrier(), raw.getSource());
        Optional<ParcelKey> parsed = parcelKeyOf(record, raw);
        if (parsed.isEmpty()) {
            return;
        }
        ParcelKey key = parsed.get();
        String parcelKey = record.key();
        String eventKey = TrackingEvents.keyOf(raw);
        if (seenBefore(eventKey, raw)) {
            metrics.duplicateDropped(raw.getProvider(), raw.getCarrier());
            return;
        }
        remember(eventKey, raw);

        MappedStatus mapped = mappings.map(raw.getProvider(), raw.getCarrier(), raw.getCarrierStatusCode(), raw.getCarrierSubstatus());
        TrackingEvent event = TrackingEvents.from(raw, eventKey, mapped);
        Parcel before = parcels.get(parcelKey);
        Optional<Parcel> applied = aggregator.apply(before, key, raw, event);
        if (applied.isEmpty()) {
            metrics.duplicateDropped(raw.getProvider(), raw.getCarrier());
            return;
        }
        if (!mapped.mapped()) {
            reject(record, raw, mapped);
        }
        Parcel parcel = applied.get();
        ShipmentRegistration assignment = assignments.get(parcelKey);
        if (assignment != null) {
            withLabel(parcel, assignment);
        }
        parcels.put(parcelKey, parcel);

        Instant now = now();
        metrics.eventApplied(raw.getProvider(), Duration.between(raw.getEventTime(), now), Duration.between(raw.getReceivedTime(), now));
        CanonicalStatus previous = before == null ? null : before.getStatus();
        if (previous != parcel.getStatus()) {
            metrics.parcelTransition(previous, parcel.getStatus());
        }
        if (assignment != null && pending.get(parcelKey) == null) {
            // remember the status its shipment last heard, for the poll target at the flush
            pending.put(parcelKey, previous == null ? NO_STATUS : previous.name());
        }
    }

    private void onAssignment(Record<String, ParcelInput> record, ShipmentRegistration registration) {
        String key = record.key();
        ShipmentRegistration previous = assignments.get(key);
        if (previous != null && (registration.getUpdatedAt().isBefore(previous.getUpdatedAt())
                || Registrations.sameContent(previous, registration) || Registrations.otherTenantsShipment(previous, registration))) {
            return;
        }
        assignments.put(key, registration);
        Parcel parcel = parcels.get(key);
        if (parcel != null && withLabel(parcel, registration)) {
            parcels.put(key, parcel);
        }
        context.forward(record.withKey(registration.getShipmentId()).withValue(new ParcelUpdate(registration, parcel)));
        if (registration.getPolled() || (previous != null && previous.getPolled())) {
            forwardPollTarget(record, ParcelKey.parse(key), registration, parcel, now());
        }
    }

    /**
     * Tells each shipment about its parcels that changed since the last flush, once per parcel with its latest
     * state. A poll re-sends a whole history at once; deciding the shipment's status after all of it, not after
     * each event, keeps a momentary status (DELIVERED dated before a later EXCEPTION) from reaching the order
     * system. The marks are in a changelogged store written in the same transaction as the parcel, so a crash
     * between an event and its flush loses nothing. {@link FlushPolicy} decides whether a tick flushes (under heavy
     * load only once the busy flush interval has passed) and whether it commits.
     */
    private void tick(long wallClockTime) {
        boolean forwarded = false;
        if (flushPolicy.flushAtTick(lastFlushMs, wallClockTime)) {
            lastFlushMs = wallClockTime;
            forwarded = flushPending(wallClockTime);
        }
        if (flushPolicy.commitAtTick(forwarded, wallClockTime)) {
            context.commit();
        }
    }

    /** Sends every pending parcel on; whether there was any. */
    private boolean flushPending(long wallClockTime) {
        Instant now = Instant.ofEpochMilli(wallClockTime);
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> marks = pending.all()) {
            marks.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> mark : due) {
            pending.delete(mark.key);
            Parcel parcel = parcels.get(mark.key);
            ShipmentRegistration assignment = assignments.get(mark.key);
            if (parcel == null || assignment == null) {
                continue;
            }
            Record<String, ParcelInput> flushed = new Record<>(mark.key, null, wallClockTime);
            context.forward(flushed.withKey(assignment.getShipmentId()).withValue(new ParcelUpdate(null, parcel)));
            String before = parcel.getStatus() == null ? NO_STATUS : parcel.getStatus().name();
            if (!before.equals(mark.value) && assignment.getPolled()) {
                forwardPollTarget(flushed, ParcelKey.parse(mark.key), assignment, parcel, now);
            }
        }
        return !due.isEmpty();
    }

    /** Polled, non-terminal parcels are polled; a terminal or no longer polled one gets a tombstone. */
    private void forwardPollTarget(Record<String, ParcelInput> record, ParcelKey key, ShipmentRegistration registration,
                                   Parcel parcel, Instant now) {
        CanonicalStatus status = parcel == null ? null : parcel.getStatus();
        PollTarget target = registration.getPolled() && !ParcelStatusRules.isTerminal(status)
                ? PollTarget.newBuilder()
                        .setParcelKey(key.toString())
                        .setTenant(registration.getTenant())
                        .setShipmentId(registration.getShipmentId())
                        .setOrderId(registration.getOrderId())
                        .setCarrier(key.carrier())
                        .setTrackingNumber(key.trackingNumber())
                        .setProvider(registration.getProvider())
                        .setProviderReference(registration.getProviderReference())
                        .setCarrierAccount(registration.getCarrierAccount())
                        .setCurrentStatus(status)
                        .setLastEventTime(parcel == null || parcel.getHistory().isEmpty() ? null
                                : parcel.getHistory().get(parcel.getHistory().size() - 1).getEventTime())
                        .setUpdatedAt(now)
                        .build()
                : null;
        context.forward(record.withKey(key.toString()).withValue(new ParcelOutput.PollTargetChange(target)));
    }

    /** Copies the registration's label of this parcel onto it; true if that changed it. */
    private static boolean withLabel(Parcel parcel, ShipmentRegistration registration) {
        return Registrations.labelOf(registration, parcel.getParcelKey()).map(label -> {
            boolean changed = !Objects.equals(parcel.getLabelId(), label.getLabelId());
            parcel.setLabelId(label.getLabelId());
            if ((parcel.getLabelUrl() == null || parcel.getLabelUrl().isBlank()) && label.getLabelUrl() != null) {
                parcel.setLabelUrl(label.getLabelUrl());
                changed = true;
            }
            return changed;
        }).orElse(false);
    }

    /**
     * The dedupe store files each event key under the carrier's event time, which every copy of the event shares,
     * so a lookup is one point read. Event times far from the receipt time (a backfill, a carrier clock gone
     * wrong) are left to the parcel's history: filed under them, they would expire at once or, in the future,
     * push the store's clock forward and expire everything else.
     */
    private boolean seenBefore(String eventKey, RawTrackingEvent raw) {
        return fileable(raw) && seenEvents.fetch(eventKey, raw.getEventTime().toEpochMilli()) != null;
    }

    private void remember(String eventKey, RawTrackingEvent raw) {
        if (fileable(raw)) {
            seenEvents.put(eventKey, raw.getReceivedTime().toEpochMilli(), raw.getEventTime().toEpochMilli());
        }
    }

    private boolean fileable(RawTrackingEvent raw) {
        long eventTime = raw.getEventTime().toEpochMilli();
        long received = raw.getReceivedTime().toEpochMilli();
        return eventTime > received - dedupeRetention.toMillis() + 2 * tolerance && eventTime <= received + tolerance;
    }

    private Optional<ParcelKey> parcelKeyOf(Record<String, ParcelInput> record, RawTrackingEvent raw) {
        ParcelKey key;
        try {
            key = ParcelKey.of(raw.getCarrier(), raw.getTrackingNumber());
        } catch (IllegalArgumentException e) {
            rejectInvalid(record, raw, e.getMessage(), raw.getCarrier() == null || raw.getCarrier().isBlank() ? "carrier" : "trackingNumber");
            return Optional.empty();
        }
        if (!sameKey(key, record.key())) {
            // Partitioned by another key, the event would land beside the wrong parcel's state.
            rejectInvalid(record, raw, "Record key " + record.key() + " is not the parcel key " + key, "key");
            return Optional.empty();
        }
        return Optional.of(key);
    }

    /** {@code carrier:trackingNumber} without building the string for every event. */
    private static boolean sameKey(ParcelKey key, String recordKey) {
        return recordKey != null && recordKey.length() == key.carrier().length() + 1 + key.trackingNumber().length()
                && recordKey.startsWith(key.carrier()) && recordKey.charAt(key.carrier().length()) == ':'
                && recordKey.endsWith(key.trackingNumber());
    }

    private void reject(Record<String, ParcelInput> record, RawTrackingEvent raw, MappedStatus mapped) {
        RejectionReason reason = mapped.outcome() == MappedStatus.Outcome.UNKNOWN_PROVIDER
                ? RejectionReason.UNKNOWN_PROVIDER : RejectionReason.UNMAPPED_STATUS;
        metrics.unmappedStatus(raw.getProvider(), raw.getCarrier());
        metrics.rejected(reason);
        context.forward(record.withValue(new Rejection(Rejections.unmapped(raw, reason, context.recordMetadata(), now()))));
    }

    private void rejectInvalid(Record<String, ParcelInput> record, RawTrackingEvent raw, String detail, String field) {
        metrics.rejected(RejectionReason.INVALID_VALUE);
        context.forward(record.withValue(new Rejection(Rejections.invalidEvent(raw, detail, field, context.recordMetadata(), now()))));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
