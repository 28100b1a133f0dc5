package io.trackstream.processor.topology;

import java.time.Instant;
import java.util.Set;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.state.ShipmentAggregator;

/**
 * Sends a registration (keyed by shipment id) to each of its parcels (keyed by parcel key), so it meets the
 * parcels' events on their partitions. A registration that cannot be tracked (no parcels, blank ids, a key that is
 * not its shipment id) is dead-lettered instead. So is one that names an existing shipment id for another tenant:
 * a shipment belongs to the tenant that first registered it (remembered in {@code shipment-tenants-store}, before any
 * parcel is touched), and another tenant's registration must neither take it over nor see it.
 */
final class RegistrationFanOut implements Processor<String, ShipmentRegistration, String, RegistrationOutput> {

    private final TrackingMetrics metrics;
    private ProcessorContext<String, RegistrationOutput> context;
    private KeyValueStore<String, String> tenants;

    RegistrationFanOut(TrackingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RegistrationOutput> context) {
        this.context = context;
        this.tenants = context.getStateStore(TopologyNames.SHIPMENT_TENANTS_STORE);
    }

    @Override
    public void process(Record<String, ShipmentRegistration> record) {
        ShipmentRegistration registration = record.value();
        if (registration == null) {
            return; // a deregistration (tombstone) is not supported yet: the shipment stays as it is
        }
        String problem = problem(record.key(), registration);
        Set<String> parcelKeys = Set.of();
        if (problem == null) {
            try {
                parcelKeys = ShipmentAggregator.parcelKeys(registration);
            } catch (IllegalArgumentException e) {
                problem = "parcels: " + e.getMessage();
            }
        }
        if (problem == null) {
            String owner = tenants.get(registration.getShipmentId());
            if (owner == null) {
                tenants.put(registration.getShipmentId(), registration.getTenant());
            } else if (!owner.equals(registration.getTenant())) {
                // never name the owner: the rejected topic is read by operators of every tenant's integrations
                problem = "tenant: shipment " + registration.getShipmentId()
                        + " is registered to another tenant; a registration cannot move a shipment to another tenant";
                metrics.tenantConflict();
            }
        }
        if (problem != null) {
            metrics.rejected(RejectionReason.INVALID_VALUE);
            context.forward(record.withValue(new Rejection(Rejections.invalidRegistration(registration, problem,
                    problem.substring(0, problem.indexOf(':')), context.recordMetadata(),
                    Instant.ofEpochMilli(context.currentSystemTimeMs())))));
            return;
        }
        for (String parcelKey : parcelKeys) {
            context.forward(record.withKey(parcelKey).withValue(new RegistrationOutput.ForParcel(registration)));
        }
    }

    private static String problem(String key, ShipmentRegistration registration) {
        if (blank(registration.getShipmentId())) {
            return "shipmentId: must not be blank";
        }
        if (!registration.getShipmentId().equals(key)) {
            return "key: record key " + key + " is not the shipment id " + registration.getShipmentId();
        }
        if (blank(registration.getTenant())) {
            return "tenant: must not be blank";
        }
        if (blank(registration.getOrderId())) {
            return "orderId: must not be blank";
        }
        if (registration.getParcels().isEmpty()) {
            return "parcels: a shipment needs at least one parcel";
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
