package io.trackstream.processor.topology;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.processor.state.ShipmentAggregator;

/**
 * The state of every shipment, keyed by shipment id: its registration and its parcels' latest states make the
 * shipment (see {@link ShipmentAggregator}). Each visible change is a new version on {@code shipments.v1}; a change
 * of status is also one record on the status-changes topic, whose id (shipment id and version) lets consumers
 * drop a repeat; the first time a shipment is DELIVERED, and only then, its order is asked to auto-close, unless it
 * came from an excluded sales channel (Shopify).
 */
final class ShipmentProcessor implements Processor<String, ParcelUpdate, String, ShipmentOutput> {

    private static final Logger log = LoggerFactory.getLogger(ShipmentProcessor.class);

    private final ProcessorTopologyConfig config;
    private final TrackingMetrics metrics;
    private final FlushPolicy flushPolicy;

    private ProcessorContext<String, ShipmentOutput> context;
    private RecentValues<Shipment> shipments;
    private RecentValues<ShipmentRegistration> registrations;
    private KeyValueStore<String, String> byOrder;
    private KeyValueStore<String, Long> autoCloseSent;
    private StatusCounts statusCounts;

    ShipmentProcessor(ProcessorTopologyConfig config, FlushPolicy flushPolicy, TrackingMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.flushPolicy = flushPolicy;
    }

    @Override
    public void init(ProcessorContext<String, ShipmentOutput> context) {
        this.context = context;
        this.shipments = new RecentValues<>(context.getStateStore(TopologyNames.SHIPMENTS_STORE));
        this.registrations = new RecentValues<>(context.getStateStore(TopologyNames.SHIPMENT_REGISTRATIONS_STORE));
        this.byOrder = context.getStateStore(TopologyNames.SHIPMENTS_BY_ORDER_STORE);
        this.autoCloseSent = context.getStateStore(TopologyNames.AUTO_CLOSE_STORE);
        this.statusCounts = new StatusCounts(context.getStateStore(TopologyNames.SHIPMENT_STATUS_COUNTS_STORE));
        KeyValueStore<String, Shipment> shipmentsStore = context.getStateStore(TopologyNames.SHIPMENTS_STORE);
        context.schedule(config.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            statusCounts.countAllIfNeeded(shipmentsStore);
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
        String shipmentId = record.key();
        ParcelUpdate update = record.value();
        ShipmentRegistration registration = currentRegistration(shipmentId, update.registration());
        if (registration == null) {
            // Cannot happen: a parcel's assignment, which carries the registration, precedes its other updates.
            log.warn("Parcel update for shipment {} that has no registration; dropped", shipmentId);
            return;
        }
        Shipment before = shipments.get(shipmentId);
        Map<String, Parcel> parcels = new HashMap<>();
        if (before != null) {
            before.getParcels().forEach(p -> parcels.put(p.getParcelKey(), p));
        }
        if (update.parcel() != null) {
            parcels.put(update.parcel().getParcelKey(), update.parcel());
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Shipment after = ShipmentAggregator.next(before, registration, parcels::get, now);
        if (after == before) {
            return;
        }
        shipments.put(shipmentId, after);
        statusCounts.changed(before == null ? null : before.getStatus(), after.getStatus());
        index(before, after);
        context.forward(record.withValue(new ShipmentOutput.Changed(after)));
        if (before == null || before.getStatus() != after.getStatus()) {
            statusChanged(record, before, after, update.parcel(), now);
        }
    }

    private ShipmentRegistration currentRegistration(String shipmentId, ShipmentRegistration incoming) {
        ShipmentRegistration stored = registrations.get(shipmentId);
        if (incoming == null || (stored != null && incoming.getUpdatedAt().isBefore(stored.getUpdatedAt()))) {
            return stored;
        }
        if (stored != null && Registrations.otherTenantsShipment(stored, incoming)) {
            metrics.tenantConflict();
            log.warn("Registration of shipment {} for another tenant ignored", shipmentId);
            return stored;
        }
        if (stored == null || !Registrations.sameContent(stored, incoming)) {
            registrations.put(shipmentId, incoming);
        }
        return incoming;
    }

    private void statusChanged(Record<String, ParcelUpdate> record, Shipment before, Shipment after, Parcel cause, Instant now) {
        ShipmentStatus from = before == null ? null : before.getStatus();
        metrics.shipmentTransition(from, after.getStatus());
        TrackingEvent causeEvent = causeEvent(cause);
        context.forward(record.withValue(new ShipmentOutput.StatusChanged(ShipmentStatusChanged.newBuilder()
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
                .build())));
        if (after.getStatus() == ShipmentStatus.DELIVERED && autoCloseSent.get(after.getShipmentId()) == null) {
            autoCloseSent.put(after.getShipmentId(), now.toEpochMilli());
            boolean send = config.autoCloses(after.getSalesChannel());
            metrics.autoCloseRequested(send);
            if (send) {
                context.forward(record.withKey(after.getOrderId())
                        .withValue(new ShipmentOutput.AutoClose(autoClose(after, causeEvent, now))));
            }
        }
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

    /** The event that set the parcel's current status. */
    private static TrackingEvent causeEvent(Parcel parcel) {
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
        return history.get(history.size() - 1);
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
