package io.trackstream.processor.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.trackstream.processor.topology.tuning.FlushPolicy;
import io.trackstream.processor.topology.tuning.RecentValues;
import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.EventKeyDigest;
import io.trackstream.contract.ParcelKey;
import io.trackstream.contract.RawEventCheck;
import io.trackstream.contract.TrackingLimits;
import io.trackstream.processor.mapping.MappedStatus;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.state.ParcelAggregator;
import io.trackstream.processor.state.ParcelStatusRules;
import io.trackstream.processor.state.RecordSize;
import io.trackstream.processor.state.ShownParcel;
import io.trackstream.processor.state.TrackingEvents;

/**
 * The state of every parcel, keyed by {@code carrier:trackingNumber}. A carrier event is applied once: the parcel is
 * its own dedupe record (its history's event keys and the keys of the entries trimmed from it, see
 * {@link ParcelAggregator}), so a repeat costs a look at the parcel, and the event and its mark land in one store
 * write. A new event is mapped to the canonical vocabulary and added to the history; an unmapped code is kept as
 * UNKNOWN and also dead-lettered. An event over a bound of {@link TrackingLimits} is dead-lettered and touches no
 * store.
 * <p>
 * A record's effects land together or not at all: everything is decided first ({@link Effects}), then written.
 * A record whose deciding throws is dead-lettered with the exception and writes nothing, so a later copy of the
 * same event is still new; a failure while writing aborts the transaction and the record is tried again, at most
 * {@link RecordFailures#maxAttempts()} times.
 * <p>
 * Changed parcels are sent to every shipment that lists them ({@link ParcelClaims}) at the next flush, once the
 * batch of events the parcel is taking in (one poll's or webhook's) is complete or has waited the batch wait
 * (see {@link PendingMark}). Events of a parcel that no registration has claimed yet wait here; when a
 * registration arrives the parcel is sent to its shipment at once. The parcel holds the carrier's facts only:
 * labels are the registrations' (each shipment shows its own), so no tenant's data is stored on a shared parcel.
 */
final class ParcelProcessor implements Processor<String, ParcelInput, String, ParcelOutput> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ParcelProcessor.class);
    private static final String NO_STATUS = "";
    /** In the pending store (not a parcel key: no carrier starts with NUL): the tables the task's last full pass used. */
    static final String REDERIVED_WITH = "\u0000rederived-with";

    private final StatusMappings mappings;
    private final ParcelAggregator aggregator;
    private final TrackingMetrics metrics;
    private final Duration flushInterval;
    private final long batchWaitMs;
    private final FlushPolicy flushPolicy;
    private final RecordFailures failures;
    private final org.apache.kafka.common.serialization.Serializer<RawTrackingEvent> rawEvents;
    private final String rawTopic;
    private long lastFlushMs;

    private ProcessorContext<String, ParcelOutput> context;
    /**
     * The task's pending marks as in its pending store, decoded and in key order: a tick reads them here instead of
     * iterating the store, whose deleted marks RocksDB would step over at every tick. Rebuilt from the store at init.
     */
    private final TreeMap<String, PendingMark> marks = new TreeMap<>();
    private RecentValues<Parcel> parcels;
    private RecentValues<ParcelClaims> claims;
    private KeyValueStore<String, String> pending;
    private KeyValueStore<String, Parcel> parcelStore;
    /** Re-derivation of stored parcels mapped with other tables: where this task's pass is, and what it did. */
    private final int rederiveChunk;
    private String rederiveDigest;
    private String rederiveAfter;
    private boolean rederiveDone;
    private long rederiveChecked;
    private long rederiveChanged;

    ParcelProcessor(StatusMappings mappings, ParcelAggregator aggregator, ProcessorTopologyConfig config, FlushPolicy flushPolicy,
                    TrackingMetrics metrics, RecordFailures failures, org.apache.kafka.common.serialization.Serializer<RawTrackingEvent> rawEvents) {
        this.rawEvents = rawEvents;
        this.rawTopic = config.topics().raw();
        this.flushPolicy = flushPolicy;
        this.mappings = mappings;
        this.aggregator = aggregator;
        this.flushInterval = config.flushInterval();
        this.batchWaitMs = config.batchWait().toMillis();
        this.metrics = metrics;
        this.failures = failures;
        this.rederiveChunk = config.rederiveChunk();
    }

    @Override
    public void init(ProcessorContext<String, ParcelOutput> context) {
        this.context = context;
        this.parcels = new RecentValues<>(context.getStateStore(TopologyNames.PARCELS_STORE), RecordSize::of);
        this.claims = new RecentValues<>(context.getStateStore(TopologyNames.PARCEL_ASSIGNMENTS_STORE), ParcelClaims::weight);
        this.pending = context.getStateStore(TopologyNames.PARCEL_CHANGES_PENDING_STORE);
        marks.clear();
        try (KeyValueIterator<String, String> all = pending.all()) {
            all.forEachRemaining(entry -> {
                if (!entry.key.equals(REDERIVED_WITH)) {
                    marks.put(entry.key, PendingMark.decode(entry.value));
                }
            });
        }
        this.parcelStore = context.getStateStore(TopologyNames.PARCELS_STORE);
        this.rederiveDigest = null;
        this.lastFlushMs = Long.MIN_VALUE;
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /** A closed task (revoked, or closed to be revived after a failed transaction) starts again from its stores. */
    @Override
    public void close() {
        if (parcels != null) {
            parcels.clear();
            claims.clear();
        }
        marks.clear();
    }

    @Override
    public void process(Record<String, ParcelInput> record) {
        flushPolicy.processed();
        Optional<RecordFailures.Failure> poisoned = failures.poisoned(context.recordMetadata());
        if (poisoned.isPresent()) {
            rejectFailed(record, poisoned.get().attempts() + " attempts failed, the last with " + poisoned.get().cause());
            failures.settled(context.recordMetadata());
            return;
        }
        Effects effects;
        try {
            effects = record.value() instanceof ParcelInput.Event event
                    ? onEvent(record, event.raw())
                    : onAssignment(record, ((ParcelInput.Assignment) record.value()).registration());
        } catch (RuntimeException e) {
            rejectFailed(record, RecordFailures.describe(e));
            return;
        }
        effects.apply();
    }

    private Effects onEvent(Record<String, ParcelInput> record, RawTrackingEvent raw) {
        Effects fx = new Effects(record);
        fx.count(() -> metrics.eventReceived(raw.getProvider(), raw.getCarrier(), raw.getSource()));
        Optional<RawEventCheck.Violation> violation = RawEventCheck.check(raw);
        if (violation.isEmpty() && !sameKey(ParcelKey.of(raw.getCarrier(), raw.getTrackingNumber()), record.key())) {
            // Partitioned by another key, the event would land beside the wrong parcel's state.
            violation = Optional.of(new RawEventCheck.Violation("key", "Record key " + record.key() + " is not the parcel key "
                    + ParcelKey.of(raw.getCarrier(), raw.getTrackingNumber()), false));
        }
        if (violation.isPresent()) {
            RawEventCheck.Violation v = violation.get();
            RejectionReason reason = v.tooLarge() ? RejectionReason.TOO_LARGE : RejectionReason.INVALID_VALUE;
            fx.count(() -> metrics.rejected(reason));
            fx.output(record.withValue(new Rejection(Rejections.invalidEvent(raw, reason, v.detail(), v.field(),
                    context.recordMetadata(), now()))));
            if (record.key() != null && !"key".equals(v.field())) {
                // its batch counts it all the same, or the batch would wait for it
                fx.markAfter(raw, null, false, record.key());
            }
            return fx;
        }
        String parcelKey = record.key();
        ParcelKey key = ParcelKey.parse(parcelKey);
        String eventKey = TrackingEvents.keyOf(raw);
        Parcel before = parcels.get(parcelKey);
        if (aggregator.holds(before, eventKey, raw)) {
            fx.count(() -> metrics.duplicateDropped(raw.getProvider(), raw.getCarrier()));
            fx.markAfter(raw, before, false, parcelKey);
            return fx;
        }

        MappedStatus mapped = mappings.map(raw.getProvider(), raw.getCarrier(), raw.getCarrierStatusCode(), raw.getCarrierSubstatus());
        TrackingEvent event = TrackingEvents.from(raw, eventKey, mapped);
        Optional<Parcel> applied = aggregator.apply(before, key, raw, event);
        if (applied.isEmpty()) {
            // older than every entry of a full history
            fx.count(() -> metrics.duplicateDropped(raw.getProvider(), raw.getCarrier()));
            fx.markAfter(raw, before, false, parcelKey);
            return fx;
        }
        Parcel parcel = applied.get();
        ParcelClaims claimed = claimsOf(parcelKey);
        if (!mapped.mapped()) {
            RejectionReason reason = mapped.outcome() == MappedStatus.Outcome.UNKNOWN_PROVIDER
                    ? RejectionReason.UNKNOWN_PROVIDER : RejectionReason.UNMAPPED_STATUS;
            fx.count(() -> metrics.unmappedStatus(raw.getProvider(), raw.getCarrier()));
            fx.count(() -> metrics.rejected(reason));
            fx.output(record.withValue(new Rejection(Rejections.unmapped(raw, reason, context.recordMetadata(), now(),
                    rawEvents.serialize(rawTopic, raw)))));
        }
        parcel.setMappingDigest(mappings.digest());
        fx.parcel = parcel;
        Instant now = now();
        fx.count(() -> metrics.eventApplied(raw.getProvider(), Duration.between(raw.getEventTime(), now),
                Duration.between(raw.getReceivedTime(), now)));
        CanonicalStatus previous = before == null ? null : before.getStatus();
        if (previous != parcel.getStatus()) {
            fx.count(() -> metrics.parcelTransition(previous, parcel.getStatus()));
        }
        if (!claimed.isEmpty()) {
            fx.markAfter(raw, before, true, parcelKey);
        }
        return fx;
    }

    /**
     * A shipment's registration reaches each parcel it lists, and each parcel it no longer lists (a release). Every
     * shipment that lists the parcel keeps its claim; a registration that is older on the registrations topic than
     * the claim its shipment already has changes nothing.
     */
    private Effects onAssignment(Record<String, ParcelInput> record, ShipmentRegistration registration) {
        Effects fx = new Effects(record);
        String key = record.key();
        String shipmentId = registration.getShipmentId();
        ParcelClaims before = claimsOf(key);
        Optional<ShipmentRegistration> existing = before.of(shipmentId);
        if (existing.isPresent() && (Registrations.stale(existing.get(), registration)
                || Registrations.otherTenantsShipment(existing.get(), registration))) {
            return fx;
        }
        Parcel parcel = parcels.get(key);
        if (Registrations.labelOf(registration, key).isEmpty()) {
            if (existing.isPresent()) {
                ParcelClaims after = before.without(shipmentId);
                fx.claims = after;
                pollTargetAfter(fx, record, key, before, after, parcel);
            }
            return fx;
        }
        if (existing.isEmpty() && before.shipments().size() >= TrackingLimits.MAX_SHIPMENTS_PER_PARCEL) {
            fx.count(() -> metrics.rejected(RejectionReason.INVALID_VALUE));
            fx.output(record.withValue(new Rejection(Rejections.invalidRegistration(registration, "parcels: parcel " + key
                    + " is listed by " + before.shipments().size() + " shipments already, the most one parcel may have",
                    "parcels", context.recordMetadata(), now()))));
            // the shipment still hears from each of its parcels; this one shows no status
            fx.output(record.withKey(shipmentId).withValue(new ParcelUpdate(key, registration, null)));
            return fx;
        }
        ParcelClaims after = before.with(registration);
        fx.claims = after;
        fx.output(record.withKey(shipmentId).withValue(new ParcelUpdate(key, registration, parcel)));
        pollTargetAfter(fx, record, key, before, after, parcel);
        return fx;
    }

    /** The poll target follows the primary claim: a new target when it polls, a tombstone when nothing polls any more. */
    private void pollTargetAfter(Effects fx, Record<String, ParcelInput> record, String key, ParcelClaims before, ParcelClaims after,
                                 Parcel parcel) {
        Optional<ShipmentRegistration> primaryBefore = before.primary();
        Optional<ShipmentRegistration> primary = after.primary();
        boolean polledBefore = primaryBefore.map(ShipmentRegistration::getPolled).orElse(false);
        boolean polledAfter = primary.map(ShipmentRegistration::getPolled).orElse(false);
        boolean same = primaryBefore.isPresent() && primary.isPresent() && Registrations.samePolling(primaryBefore.get(), primary.get());
        if ((polledAfter || polledBefore) && !same) {
            fx.output(pollTarget(record, ParcelKey.parse(key), primary.orElse(null), parcel, now()));
        }
    }

    /**
     * Tells each shipment about its parcels that changed since the last flush, once per parcel with its latest
     * state, once the batch each parcel was taking in is complete or has waited the batch wait. A poll re-sends a
     * whole history at once; deciding the shipment's status after all of it, not after each event, keeps a
     * momentary status (DELIVERED dated before a later EXCEPTION) from reaching the order system. The marks are in a
     * changelogged store written in the same transaction as the parcel, so a crash between an event and its flush
     * loses nothing. {@link FlushPolicy} decides whether a tick flushes and whether it commits.
     */
    private void tick(long wallClockTime) {
        boolean forwarded = false;
        if (flushPolicy.flushAtTick(lastFlushMs, wallClockTime)) {
            lastFlushMs = wallClockTime;
            forwarded = flushPending(wallClockTime);
        }
        boolean rederived = rederiveChunk > 0 && rederiveSome();
        if (flushPolicy.commitAtTick(forwarded || rederived, wallClockTime)) {
            context.commit();
        }
    }

    /**
     * Maps again, a chunk per tick, the stored parcels whose statuses were derived with other mapping tables than the
     * ones running (a carrier code added or corrected: docs/processor.md). A parcel whose status, reason or delivered
     * date changes is marked pending like a parcel that got a new event, so its shipments hear of it at the next
     * flush and status changes and auto-closes follow as for any event; one that only changes its digest is written
     * quietly. The parcel's new digest is written in the same transaction, so a pass that resumes after a restart or
     * a rebalance (from the first key: the position is not kept) skips what was done and emits nothing twice.
     *
     * @return whether anything was written
     */
    private boolean rederiveSome() {
        String digest = mappings.digest();
        if (!digest.equals(rederiveDigest)) {
            rederiveDigest = digest;
            rederiveAfter = null;
            rederiveChecked = 0;
            rederiveChanged = 0;
            // a task whose last full pass used these tables has nothing to do: parcels written since carry them
            rederiveDone = digest.equals(pending.get(REDERIVED_WITH));
        }
        if (rederiveDone) {
            return false;
        }
        List<KeyValue<String, Parcel>> chunk = new ArrayList<>(rederiveChunk);
        boolean more;
        try (KeyValueIterator<String, Parcel> it = parcelStore.range(rederiveAfter, null)) {
            while (it.hasNext() && chunk.size() < rederiveChunk) {
                KeyValue<String, Parcel> entry = it.next();
                if (!entry.key.equals(rederiveAfter)) {
                    chunk.add(entry);
                }
            }
            more = it.hasNext();
        }
        boolean wrote = false;
        long changedInChunk = 0;
        for (KeyValue<String, Parcel> entry : chunk) {
            rederiveChecked++;
            Parcel stored = entry.value;
            if (stored == null || digest.equals(stored.getMappingDigest())) {
                continue;
            }
            Parcel again = aggregator.rederive(stored, e -> mappings.map(e.getProvider(), stored.getCarrier(), e.getCarrierStatusCode(),
                    e.getCarrierSubstatus()), digest);
            boolean visible = again.getStatus() != stored.getStatus() || again.getReason() != stored.getReason()
                    || !Objects.equals(again.getDeliveredAt(), stored.getDeliveredAt())
                    || !Objects.equals(again.getStatusEventTime(), stored.getStatusEventTime());
            parcels.put(entry.key, again);
            wrote = true;
            if (visible) {
                changedInChunk++;
                if (!claimsOf(entry.key).isEmpty()) {
                    PendingMark known = marks.get(entry.key);
                    PendingMark mark = known != null ? known.withChange()
                            : PendingMark.changedFrom(stored.getStatus() == null ? NO_STATUS : stored.getStatus().name());
                    putPendingMark(entry.key, mark);
                }
                if (stored.getStatus() != again.getStatus()) {
                    CanonicalStatus from = stored.getStatus();
                    metrics.parcelTransition(from, again.getStatus());
                }
            }
        }
        rederiveChanged += changedInChunk;
        if (!chunk.isEmpty()) {
            rederiveAfter = chunk.get(chunk.size() - 1).key;
        }
        long left = more ? Math.max(0, parcelStore.approximateNumEntries() - rederiveChecked) : 0;
        metrics.rederivation(chunk.size(), changedInChunk, left);
        if (changedInChunk > 0 && more) {
            log.info("Mapping tables {}: task {} checked {} parcels so far, re-derived {} ({} in this chunk), about {} left",
                    digest, context.taskId(), rederiveChecked, rederiveChanged, changedInChunk, left);
        }
        if (!more) {
            log.info("Mapping tables {}: task {} pass done, checked {} parcels, re-derived {}",
                    digest, context.taskId(), rederiveChecked, rederiveChanged);
            rederiveDone = true;
            pending.put(REDERIVED_WITH, digest);
            wrote = true;
        }
        return wrote;
    }

    private void putPendingMark(String parcelKey, PendingMark mark) {
        pending.put(parcelKey, mark.encode());
        marks.put(parcelKey, mark);
    }

    private void removePendingMark(String parcelKey) {
        pending.delete(parcelKey);
        marks.remove(parcelKey);
    }

    /** Sends every due pending parcel on; whether there was any. */
    private boolean flushPending(long wallClockTime) {
        Instant now = Instant.ofEpochMilli(wallClockTime);
        List<Map.Entry<String, PendingMark>> due = new ArrayList<>();
        for (Map.Entry<String, PendingMark> entry : marks.entrySet()) {
            if (entry.getValue().due(wallClockTime, batchWaitMs)) {
                due.add(Map.entry(entry.getKey(), entry.getValue()));
            }
        }
        boolean forwarded = false;
        for (Map.Entry<String, PendingMark> entry : due) {
            String key = entry.getKey();
            PendingMark mark = entry.getValue();
            removePendingMark(key);
            Parcel parcel = parcels.get(key);
            ParcelClaims claimed = claimsOf(key);
            if (!mark.changed() || parcel == null || claimed.isEmpty()) {
                continue;
            }
            forwarded = true;
            Record<String, ParcelInput> flushed = new Record<>(key, null, wallClockTime);
            Parcel shown = ShownParcel.of(parcel);
            for (ShipmentRegistration claim : claimed.shipments()) {
                context.forward(flushed.withKey(claim.getShipmentId()).withValue(new ParcelUpdate(key, null, shown)));
            }
            String status = parcel.getStatus() == null ? NO_STATUS : parcel.getStatus().name();
            ShipmentRegistration primary = claimed.primary().orElseThrow();
            // a changed parcel has new event keys, so its target's digest changes too (a terminal one was stopped once)
            boolean stillStopped = status.equals(mark.heardStatus()) && ParcelStatusRules.isTerminal(parcel.getStatus());
            if (primary.getPolled() && !stillStopped) {
                context.forward(pollTarget(flushed, ParcelKey.parse(key), primary, parcel, now));
            }
        }
        return forwarded;
    }

    /** Polled, non-terminal parcels are polled; a terminal, unclaimed or no longer polled one gets a tombstone. */
    private static <V> Record<String, ParcelOutput> pollTarget(Record<String, V> record, ParcelKey key, ShipmentRegistration registration,
                                                               Parcel parcel, Instant now) {
        CanonicalStatus status = parcel == null ? null : parcel.getStatus();
        PollTarget target = registration != null && registration.getPolled() && !ParcelStatusRules.isTerminal(status)
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
                        .setEventKeyDigest(parcel == null ? null
                                : EventKeyDigest.of(parcel.getHistory().stream().map(TrackingEvent::getEventKey).toList()))
                        .build()
                : null;
        return record.withKey(key.toString()).withValue(new ParcelOutput.PollTargetChange(target));
    }

    private ParcelClaims claimsOf(String parcelKey) {
        ParcelClaims stored = claims.get(parcelKey);
        return stored == null ? ParcelClaims.NONE : stored;
    }

    /** {@code carrier:trackingNumber} without building the string for every event. */
    private static boolean sameKey(ParcelKey key, String recordKey) {
        return recordKey != null && recordKey.length() == key.carrier().length() + 1 + key.trackingNumber().length()
                && recordKey.startsWith(key.carrier()) && recordKey.charAt(key.carrier().length()) == ':'
                && recordKey.endsWith(key.trackingNumber());
    }

    private void rejectFailed(Record<String, ParcelInput> record, String cause) {
        metrics.rejected(RejectionReason.PROCESSING_FAILED);
        Optional<org.apache.kafka.streams.processor.api.RecordMetadata> source = context.recordMetadata();
        Rejection rejection = record.value() instanceof ParcelInput.Event event
                ? new Rejection(Rejections.failedEvent(event.raw(), cause, source, now()))
                : new Rejection(Rejections.failedRegistration(((ParcelInput.Assignment) record.value()).registration(), cause,
                        source, now()));
        context.forward(record.withValue(rejection));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    /** What one record does, decided before anything is written; {@link #apply} writes it all. */
    private final class Effects {
        private final Record<String, ParcelInput> record;
        private final List<Record<String, ParcelOutput>> outputs = new ArrayList<>(2);
        private final List<Runnable> counts = new ArrayList<>(4);
        private Parcel parcel;
        private ParcelClaims claims;
        private PendingMark mark;
        private boolean deleteMark;

        Effects(Record<String, ParcelInput> record) {
            this.record = record;
        }

        void count(Runnable meter) {
            counts.add(meter);
        }

        void output(Record<String, ? extends ParcelOutput> output) {
            outputs.add(output.<ParcelOutput>withValue(output.value()));
        }

        /**
         * The parcel's pending mark after this event: changed if it changed the parcel, and one more event of its
         * batch. Only parcels that some shipment lists are marked; a batch is followed only while it is incomplete.
         */
        void markAfter(RawTrackingEvent raw, Parcel before, boolean changed, String parcelKey) {
            boolean batched = raw.getBatchId() != null && raw.getBatchSize() > 1;
            if (!changed && !batched) {
                return;
            }
            PendingMark stored = marks.get(parcelKey);
            PendingMark current = stored;
            if (current == null && claimsOf(parcelKey).isEmpty()) {
                return;
            }
            if (current == null) {
                Parcel heard = before != null ? before : parcels.get(parcelKey);
                current = new PendingMark(heard == null || heard.getStatus() == null ? NO_STATUS : heard.getStatus().name(),
                        false, null, 0, 0, 0L);
            }
            PendingMark next = changed ? current.withChange() : current;
            if (batched) {
                next = next.withBatchEvent(raw.getBatchId(), raw.getBatchSize(), context.currentSystemTimeMs());
            }
            if (!next.changed() && next.complete()) {
                deleteMark = stored != null;
            } else {
                mark = next;
            }
        }

        void apply() {
            String key = record.key();
            if (parcel != null) {
                parcels.put(key, parcel);
            }
            if (claims != null) {
                if (claims.isEmpty()) {
                    ParcelProcessor.this.claims.delete(key);
                } else {
                    ParcelProcessor.this.claims.put(key, claims);
                }
            }
            if (mark != null) {
                putPendingMark(key, mark);
            } else if (deleteMark) {
                removePendingMark(key);
            }
            outputs.forEach(context::forward);
            counts.forEach(Runnable::run);
        }
    }
}
