package io.trackstream.processor.topology;

import static io.trackstream.contract.TrackingLimits.*;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.contract.RawEventCheck;
import io.trackstream.processor.state.ShipmentAggregator;

/**
 * Sends a registration (keyed by shipment id) to each of its parcels (keyed by parcel key), so it meets the
 * parcels' events on their partitions, and to each parcel its previous registration listed and this one does not,
 * which releases it. Each registration is numbered ({@code revision}) in the order it is read from the
 * shipment-keyed registrations topic: the later on the topic wins everywhere downstream, whatever the clocks of the
 * instances that wrote them said.
 * <p>
 * A registration that cannot be tracked (no parcels or too many, blank or oversized ids, a key that is not its
 * shipment id) is dead-lettered instead. So is one that names an existing shipment id for another tenant: a
 * shipment belongs to the tenant that first registered it (remembered in {@code shipment-tenants-store}, before any
 * parcel is touched), and another tenant's registration must neither take it over nor see it.
 */
final class RegistrationFanOut implements Processor<String, ShipmentRegistration, String, RegistrationOutput> {

    private final TrackingMetrics metrics;
    private ProcessorContext<String, RegistrationOutput> context;
    private KeyValueStore<String, String> tenants;
    private KeyValueStore<String, ShipmentRegistration> fannedOut;

    RegistrationFanOut(TrackingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RegistrationOutput> context) {
        this.context = context;
        this.tenants = context.getStateStore(TopologyNames.SHIPMENT_TENANTS_STORE);
        this.fannedOut = context.getStateStore(TopologyNames.REGISTRATION_FAN_OUT_STORE);
    }

    @Override
    public void process(Record<String, ShipmentRegistration> record) {
        ShipmentRegistration registration = record.value();
        if (registration == null) {
            return; // a deregistration (tombstone) is not supported yet: the shipment stays as it is
        }
        String problem;
        Set<String> parcelKeys = Set.of();
        ShipmentRegistration previous = null;
        try {
            problem = problem(record.key(), registration);
            if (problem == null) {
                parcelKeys = ShipmentAggregator.parcelKeys(registration);
            }
        } catch (RuntimeException e) {
            problem = "parcels: " + e.getMessage();
        }
        if (problem == null) {
            previous = fannedOut.get(registration.getShipmentId());
            String owner = tenants.get(registration.getShipmentId());
            if (owner == null && previous != null) {
                owner = previous.getTenant();
            }
            if (owner != null && !owner.equals(registration.getTenant())) {
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
        ShipmentRegistration numbered = ShipmentRegistration.newBuilder(registration)
                .setRevision(previous == null ? Math.max(1, registration.getRevision() + 1) : previous.getRevision() + 1)
                .build();
        Set<String> released = new LinkedHashSet<>();
        if (previous != null) {
            released.addAll(ShipmentAggregator.parcelKeys(previous));
            released.removeAll(parcelKeys);
        }
        if (tenants.get(numbered.getShipmentId()) == null) {
            tenants.put(numbered.getShipmentId(), numbered.getTenant());
        }
        fannedOut.put(numbered.getShipmentId(), numbered);
        for (String parcelKey : parcelKeys) {
            context.forward(record.withKey(parcelKey).withValue(new RegistrationOutput.ForParcel(numbered)));
        }
        for (String parcelKey : released) {
            context.forward(record.withKey(parcelKey).withValue(new RegistrationOutput.ForParcel(numbered)));
        }
    }

    private static String problem(String key, ShipmentRegistration registration) {
        if (blank(registration.getShipmentId())) {
            return "shipmentId: must not be blank";
        }
        if (!registration.getShipmentId().equals(key)) {
            return "key: the record key is not the shipment id";
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
        if (registration.getParcels().size() > MAX_PARCELS_PER_SHIPMENT) {
            return "parcels: " + registration.getParcels().size() + " parcels, over the limit of " + MAX_PARCELS_PER_SHIPMENT;
        }
        String tooLong = firstOf(
                RawEventCheck.optionalText("shipmentId", registration.getShipmentId(), MAX_SHIPMENT_ID_BYTES),
                RawEventCheck.optionalText("tenant", registration.getTenant(), MAX_TENANT_BYTES),
                RawEventCheck.optionalText("orderId", registration.getOrderId(), MAX_ORDER_ID_BYTES),
                RawEventCheck.optionalText("carrier", registration.getCarrier(), MAX_CARRIER_BYTES),
                RawEventCheck.optionalText("provider", registration.getProvider(), MAX_PROVIDER_BYTES),
                RawEventCheck.optionalText("partnerOrderReference", registration.getPartnerOrderReference(), MAX_REFERENCE_BYTES),
                RawEventCheck.optionalText("providerReference", registration.getProviderReference(), MAX_REFERENCE_BYTES),
                RawEventCheck.optionalText("carrierAccount", registration.getCarrierAccount(), MAX_REFERENCE_BYTES),
                RawEventCheck.optionalText("salesChannel", registration.getSalesChannel(), MAX_NAME_BYTES),
                RawEventCheck.optionalText("carrierName", registration.getCarrierName(), MAX_NAME_BYTES),
                RawEventCheck.optionalText("trackingUrl", registration.getTrackingUrl(), MAX_URL_BYTES));
        if (tooLong != null) {
            return tooLong;
        }
        if (registration.getAttributes().size() > MAX_ATTRIBUTES) {
            return "attributes: " + registration.getAttributes().size() + " entries, over the limit of " + MAX_ATTRIBUTES;
        }
        for (var attribute : registration.getAttributes().entrySet()) {
            tooLong = firstOf(RawEventCheck.optionalText("attributes", attribute.getKey(), MAX_ATTRIBUTE_KEY_BYTES),
                    RawEventCheck.optionalText("attributes." + attribute.getKey(), attribute.getValue(), MAX_ATTRIBUTE_VALUE_BYTES));
            if (tooLong != null) {
                return tooLong;
            }
        }
        for (RegisteredParcel parcel : registration.getParcels()) {
            tooLong = firstOf(
                    RawEventCheck.optionalText("parcels.trackingNumber", parcel.getTrackingNumber(), MAX_TRACKING_NUMBER_BYTES),
                    RawEventCheck.optionalText("parcels.carrier", parcel.getCarrier(), MAX_CARRIER_BYTES),
                    RawEventCheck.optionalText("parcels.labelId", parcel.getLabelId(), MAX_REFERENCE_BYTES),
                    RawEventCheck.optionalText("parcels.labelUrl", parcel.getLabelUrl(), MAX_URL_BYTES));
            if (tooLong != null) {
                return tooLong;
            }
        }
        return null;
    }

    @SafeVarargs
    private static String firstOf(java.util.Optional<RawEventCheck.Violation>... checks) {
        for (var check : checks) {
            if (check.isPresent()) {
                return check.get().detail();
            }
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
