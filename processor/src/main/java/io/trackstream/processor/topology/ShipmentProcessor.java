package io.trackstream.processor.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.processor.topology.tuning.FlushPolicy;
import io.trackstream.processor.topology.tuning.RecentValues;
import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.processor.state.RecordSize;
import io.trackstream.processor.state.ShipmentAggregator;
import io.trackstream.processor.state.ShownParcel;

/**
 * The state of every shipment, keyed by shipment id: its registration and its parcels' latest states make the
 * shipment (see {@link ShipmentAggregator}). Each visible change is a new version on {@code shipments.v1}; a change
 * of status is also one record on the status-changes topic, whose id (shipment id and version) lets consumers
 * drop a repeat; a version in which parcels changed status is one record on the parcel-changes topic
 * ({@link ParcelStatusChanges}), with the same id; the first time a shipment is DELIVERED, and only then, its order
 * is asked to auto-close, unless it came from an excluded sales channel (Shopify).
 * <p>
 * The latest registration is the one read last from the registrations topic ({@code revision}). A new registration
 * is shown once every parcel it lists has answered ({@link ShipmentAssembly}), so it makes no momentary status. As
 * on the parcel side, a record's effects are decided first and then written together; a record whose deciding
 * throws is dead-lettered and writes nothing.
 */
final class ShipmentProcessor implements Processor<String, ParcelUpdate, String, ShipmentOutput> {

    private static final Logger log = LoggerFactory.getLogger(ShipmentProcessor.class);

    private final ProcessorTopologyConfig config;
    private final TrackingMetrics metrics;
    private final FlushPolicy flushPolicy;
    private final RecordFailures failures;

    private ProcessorContext<String, ShipmentOutput> context;
    private RecentValues<Shipment> shipments;
    private RecentValues<ShipmentRegistration> registrations;
    private KeyValueStore<String, String> byOrder;
    private KeyValueStore<String, Long> autoCloseSent;
    private KeyValueStore<String, ShipmentAssembly> assemblies;
    private StatusCounts statusCounts;
    /** The shipments with an assembly in the store, with when each started, so most updates need not read it. */
    private final AssemblyDeadlines assembling = new AssemblyDeadlines();

    ShipmentProcessor(ProcessorTopologyConfig config, FlushPolicy flushPolicy, TrackingMetrics metrics, RecordFailures failures) {
        this.config = config;
        this.metrics = metrics;
        this.flushPolicy = flushPolicy;
        this.failures = failures;
    }

    @Override
    public void init(ProcessorContext<String, ShipmentOutput> context) {
        this.context = context;
        this.shipments = new RecentValues<>(context.getStateStore(TopologyNames.SHIPMENTS_STORE), RecordSize::of);
        this.registrations = new RecentValues<>(context.getStateStore(TopologyNames.SHIPMENT_REGISTRATIONS_STORE), RecordSize::of);
        this.byOrder = context.getStateStore(TopologyNames.SHIPMENTS_BY_ORDER_STORE);
        this.autoCloseSent = context.getStateStore(TopologyNames.AUTO_CLOSE_STORE);
        this.assemblies = context.getStateStore(TopologyNames.SHIPMENT_ASSEMBLY_STORE);
        this.statusCounts = new StatusCounts(context.getStateStore(TopologyNames.SHIPMENT_STATUS_COUNTS_STORE));
        assembling.clear();
        try (KeyValueIterator<String, ShipmentAssembly> all = assemblies.all()) {
            all.forEachRemaining(entry -> assembling.add(entry.key, entry.value.sinceMs()));
        }
        KeyValueStore<String, Shipment> shipmentsStore = context.getStateStore(TopologyNames.SHIPMENTS_STORE);
        context.schedule(config.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            statusCounts.countAllIfNeeded(shipmentsStore);
            completeOverdue(now);
            if (flushPolicy.commitAtTick(false, now)) {
                context.commit();
            }
        });
    }

    /** A closed task (revoked, or closed to be revived after a failed transaction) starts again from its stores. */
    @Override
    public void close() {
        if (shipments != null) {
            shipments.clear();
            registrations.clear();
        }
    }

    @Override
    public void process(Record<String, ParcelUpdate> record) {
        flushPolicy.processed();
        Optional<RecordFailures.Failure> poisoned = failures.poisoned(context.recordMetadata());
        if (poisoned.isPresent()) {
            reject(record, poisoned.get().attempts() + " attempts failed, the last with " + poisoned.get().cause());
            failures.settled(context.recordMetadata());
            return;
        }
        Effects effects;
        try {
            effects = decide(record);
        } catch (RuntimeException e) {
            reject(record, RecordFailures.describe(e));
            return;
        }
        effects.apply();
    }

    private Effects decide(Record<String, ParcelUpdate> record) {
        Effects fx = new Effects(record);
        String shipmentId = record.key();
        ParcelUpdate update = record.value();
        ShipmentRegistration stored = registrations.get(shipmentId);
        ShipmentRegistration incoming = update.registration();
        ShipmentAssembly assembly = assembling.contains(shipmentId) ? assemblies.get(shipmentId) : null;
        Instant now = now();

        if (incoming != null && isNewer(stored, incoming, shipmentId)) {
            fx.registration = incoming;
            ShipmentAssembly started = new ShipmentAssembly(incoming.getRevision(), now.toEpochMilli(),
                    ShipmentAggregator.parcelKeys(incoming), Map.of()).heardFrom(update.parcelKey(), update.parcel());
            // a parcel-only update heard during a previous assembly is not lost
            if (assembly != null) {
                for (Parcel parcel : assembly.heard().values()) {
                    if (!started.heard().containsKey(parcel.getParcelKey())) {
                        started = new ShipmentAssembly(started.revision(), started.sinceMs(), started.awaiting(),
                                merged(started.heard(), parcel));
                    }
                }
            }
            if (!started.complete()) {
                fx.assembly = started;
                return fx;
            }
            fx.deleteAssembly = assembly != null;
            return show(fx, shipmentId, incoming, started.heard(), update.parcel(), now);
        }
        ShipmentRegistration registration = stored;
        if (registration == null) {
            // Cannot happen: a parcel's assignment, which carries the registration, precedes its other updates.
            log.warn("Parcel update for shipment {} that has no registration; dropped", shipmentId);
            return fx;
        }
        if (assembly != null) {
            ShipmentAssembly next = assembly.heardFrom(update.parcelKey(), update.parcel());
            if (!next.complete()) {
                fx.assembly = next;
                return fx;
            }
            fx.deleteAssembly = true;
            return show(fx, shipmentId, registration, next.heard(), update.parcel(), now);
        }
        Map<String, Parcel> changed = update.parcel() == null ? Map.of() : Map.of(update.parcel().getParcelKey(), update.parcel());
        return show(fx, shipmentId, registration, changed, update.parcel(), now);
    }

    /** Whether {@code incoming} is a registration after the shipment's current one (and of the same tenant). */
    private boolean isNewer(ShipmentRegistration stored, ShipmentRegistration incoming, String shipmentId) {
        if (stored == null) {
            return true;
        }
        if (Registrations.otherTenantsShipment(stored, incoming)) {
            metrics.tenantConflict();
            log.warn("Registration of shipment {} for another tenant ignored", shipmentId);
            return false;
        }
        if (stored.getRevision() > 0 || incoming.getRevision() > 0) {
            return incoming.getRevision() > stored.getRevision();
        }
        return !incoming.getUpdatedAt().isBefore(stored.getUpdatedAt()) && !Registrations.sameContent(stored, incoming);
    }

    /** The shipment with {@code states} (parcel key → newest state) over what it showed; outputs for what changed. */
    private Effects show(Effects fx, String shipmentId, ShipmentRegistration registration, Map<String, Parcel> states,
                         Parcel cause, Instant now) {
        Shipment before = shipments.get(shipmentId);
        Map<String, Parcel> shown = new java.util.HashMap<>();
        if (before != null) {
            before.getParcels().forEach(p -> shown.put(p.getParcelKey(), p));
        }
        shown.putAll(states);
        Function<String, Parcel> parcelState = shown::get;
        Shipment after = ShipmentAggregator.next(before, registration, parcelState, now);
        if (after == before) {
            return fx;
        }
        fx.before = before;
        fx.after = after;
        fx.output(new ShipmentOutput.Changed(after));
        boolean statusChanged = before == null || before.getStatus() != after.getStatus();
        if (statusChanged) {
            statusChanged(fx, before, after, cause, now);
        }
        ParcelStatusChanged parcelChanges = ParcelStatusChanges.of(before, after, statusChanged, now);
        if (parcelChanges != null) {
            fx.output(new ShipmentOutput.ParcelsChanged(parcelChanges));
        }
        return fx;
    }

    private void statusChanged(Effects fx, Shipment before, Shipment after, Parcel cause, Instant now) {
        ShipmentStatus from = before == null ? null : before.getStatus();
        fx.count(() -> metrics.shipmentTransition(from, after.getStatus()));
        TrackingEvent causeEvent = ShownParcel.statusEvent(cause);
        fx.output(new ShipmentOutput.StatusChanged(ShipmentStatusChanged.newBuilder()
                .setChangeId(after.getShipmentId() + ":" + after.getVersion())
                .setShipmentId(after.getShipmentId())
                .setTenant(after.getTenant())
                .setOrderId(after.getOrderId())
                .setFrom(from)
                .setTo(after.getStatus())
                .setCauseParcelKey(cause == null ? null : cause.getParcelKey())
                .setCauseEventKey(causeEvent == null ? null : causeEvent.getEventKey())
                .setCauseCarrierStatusCode(causeEvent == null ? null : causeEvent.getCarrierStatusCode())
                .setCauseCarrierStatusText(causeEvent == null ? null : causeEvent.getCarrierStatusText())
                .setCauseEventTime(causeEvent == null ? null : causeEvent.getEventTime())
                .setCauseReceivedTime(causeEvent == null ? null : causeEvent.getReceivedTime())
                .setChangedAt(now)
                .setShipment(after)
                .build()));
        if (after.getStatus() == ShipmentStatus.DELIVERED && autoCloseSent.get(after.getShipmentId()) == null) {
            fx.autoCloseMarkedAt = now.toEpochMilli();
            boolean send = config.autoCloses(after.getSalesChannel());
            fx.count(() -> metrics.autoCloseRequested(send));
            if (send) {
                fx.autoClose = autoClose(after, causeEvent, now);
            }
        }
    }

    /** Shows the registrations whose parcels did not all answer within the registration wait, with what is known. */
    private void completeOverdue(long wallClockTime) {
        for (String shipmentId : assembling.startedBy(wallClockTime - config.registrationWait().toMillis())) {
            ShipmentAssembly assembly = assemblies.get(shipmentId);
            ShipmentRegistration registration = registrations.get(shipmentId);
            if (assembly == null || registration == null) {
                assembling.remove(shipmentId);
                continue;
            }
            if (wallClockTime - assembly.sinceMs() < config.registrationWait().toMillis()) {
                assembling.add(shipmentId, assembly.sinceMs());
                continue;
            }
            log.warn("Shipment {}: parcels {} did not answer its registration within {}; shown with what is known",
                    shipmentId, assembly.awaiting(), config.registrationWait());
            Record<String, ParcelUpdate> overdue = new Record<>(shipmentId, new ParcelUpdate(null, null, null), wallClockTime);
            Effects fx = new Effects(overdue);
            fx.deleteAssembly = true;
            show(fx, shipmentId, registration, assembly.heard(), null, Instant.ofEpochMilli(wallClockTime)).apply();
        }
    }

    private static Map<String, Parcel> merged(Map<String, Parcel> heard, Parcel parcel) {
        Map<String, Parcel> next = new java.util.LinkedHashMap<>(heard);
        next.put(parcel.getParcelKey(), parcel);
        return next;
    }

    private static OrderAutoCloseRequested autoClose(Shipment shipment, TrackingEvent cause, Instant now) {
        List<String> trackingNumbers = shipment.getParcels().stream().map(Parcel::getTrackingNumber).toList();
        return OrderAutoCloseRequested.newBuilder()
                .setRequestId(shipment.getShipmentId() + ":delivered")
                .setTenant(shipment.getTenant())
                .setOrderId(shipment.getOrderId())
                .setPartnerOrderReference(shipment.getPartnerOrderReference())
                .setSalesChannel(shipment.getSalesChannel())
                .setShipmentId(shipment.getShipmentId())
                .setCarrier(shipment.getCarrier())
                .setCarrierName(shipment.getCarrierName())
                .setTrackingNumbers(trackingNumbers)
                .setTrackingUrl(shipment.getTrackingUrls().isEmpty() ? null : shipment.getTrackingUrls().get(0))
                .setDeliveredAt(shipment.getDeliveredAt() != null ? shipment.getDeliveredAt() : now)
                .setLastCarrierUpdate(shipment.getLastCarrierUpdate())
                .setCauseReceivedTime(cause == null ? null : cause.getReceivedTime())
                .setRequestedAt(now)
                .build();
    }

    private void reject(Record<String, ParcelUpdate> record, String cause) {
        metrics.rejected(RejectionReason.PROCESSING_FAILED);
        log.error("Shipment {}: a parcel update could not be applied and was dead-lettered: {}", record.key(), cause);
        context.forward(record.withValue(new ShipmentOutput.Rejected(Rejections.failedUpdate(record.key(),
                record.value() == null ? null : record.value().parcelKey(), cause, context.recordMetadata(), now()))));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    /** What one update does, decided before anything is written; {@link #apply} writes it all. */
    private final class Effects {
        private final Record<String, ParcelUpdate> record;
        private final List<ShipmentOutput> outputs = new ArrayList<>(4);
        private final List<Runnable> counts = new ArrayList<>(2);
        private ShipmentRegistration registration;
        private ShipmentAssembly assembly;
        private boolean deleteAssembly;
        private Shipment before;
        private Shipment after;
        private Long autoCloseMarkedAt;
        private OrderAutoCloseRequested autoClose;

        Effects(Record<String, ParcelUpdate> record) {
            this.record = record;
        }

        void output(ShipmentOutput output) {
            outputs.add(output);
        }

        void count(Runnable meter) {
            counts.add(meter);
        }

        void apply() {
            String shipmentId = record.key();
            if (registration != null) {
                registrations.put(shipmentId, registration);
            }
            if (assembly != null) {
                assemblies.put(shipmentId, assembly);
                assembling.add(shipmentId, assembly.sinceMs());
            } else if (deleteAssembly) {
                assemblies.delete(shipmentId);
                assembling.remove(shipmentId);
            }
            if (after != null) {
                shipments.put(shipmentId, after);
                statusCounts.changed(before == null ? null : before.getStatus(), after.getStatus());
                index(before, after);
            }
            if (autoCloseMarkedAt != null) {
                autoCloseSent.put(shipmentId, autoCloseMarkedAt);
            }
            for (ShipmentOutput output : outputs) {
                context.forward(record.withValue(output));
            }
            if (autoClose != null) {
                context.forward(record.withKey(autoClose.getOrderId()).withValue(new ShipmentOutput.AutoClose(autoClose)));
            }
            counts.forEach(Runnable::run);
        }
    }

    /** Keeps the tenant-and-order index of shipments (for "shipments of an order") in step with the shipment. */
    private void index(Shipment before, Shipment after) {
        String key = OrderIndex.key(after.getTenant(), after.getOrderId(), after.getShipmentId());
        if (before != null) {
            String old = OrderIndex.key(before.getTenant(), before.getOrderId(), before.getShipmentId());
            if (old.equals(key)) {
                return;
            }
            byOrder.delete(old);
        }
        byOrder.put(key, after.getShipmentId());
    }
}
