package io.trackstream.processor.topology;

import java.time.Instant;
import java.util.Set;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.state.ShipmentAggregator;

/**
 * Sends a registration (keyed by shipment id) to each of its parcels (keyed by parcel key), so it meets the
 * parcels' events on their partitions. A registration that cannot be tracked (no parcels, blank ids, a key that is
 * not its shipment id) is dead-lettered instead.
 */
final class RegistrationFanOut implements Processor<String, ShipmentRegistration, String, RegistrationOutput> {

    private final TrackingMetrics metrics;
    private ProcessorContext<String, RegistrationOutput> context;

    RegistrationFanOut(TrackingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RegistrationOutput> context) {
        this.context = context;
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
