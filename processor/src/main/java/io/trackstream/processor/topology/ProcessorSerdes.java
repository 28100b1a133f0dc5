package io.trackstream.processor.topology;

import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.trackstream.processor.topology.tuning.ShipmentBytes;
import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.serde.SchemaRegistryClients;
import io.trackstream.serde.SpecificAvroSerde;

/** Every serde the topology uses; each step names its serde explicitly, none relies on a default. */
public record ProcessorSerdes(
        Serde<String> keys,
        Serde<RawTrackingEvent> rawEvents,
        Serde<ShipmentRegistration> registrations,
        Serde<RejectedEvent> rejected,
        Serde<Parcel> parcels,
        Serde<Shipment> shipments,
        Serde<ShipmentStatusChanged> statusChanges,
        Serde<ParcelStatusChanged> parcelChanges,
        Serde<OrderAutoCloseRequested> autoClose,
        Serde<PollTarget> pollTargets,
        Serde<Long> longs) {

    /**
     * Avro serdes on the Confluent wire format, configured with {@code schema.registry.url} and friends. A shipment
     * version is encoded once for its store, {@code shipments.v1} and its status change (see {@link ShipmentBytes}).
     */
    public static ProcessorSerdes avro(Map<String, ?> registryConfig) {
        ShipmentBytes shipmentBytes = new ShipmentBytes();
        return new ProcessorSerdes(
                Serdes.String(),
                SpecificAvroSerde.of(RawTrackingEvent.class, registryConfig, false),
                SpecificAvroSerde.of(ShipmentRegistration.class, registryConfig, false),
                SpecificAvroSerde.of(RejectedEvent.class, registryConfig, false),
                SpecificAvroSerde.of(Parcel.class, registryConfig, false),
                shipmentBytes.shipments(SpecificAvroSerde.of(Shipment.class, registryConfig, false)),
                shipmentBytes.statusChanges(SpecificAvroSerde.of(ShipmentStatusChanged.class, registryConfig, false),
                        SchemaRegistryClients.fromConfig(registryConfig)),
                SpecificAvroSerde.of(ParcelStatusChanged.class, registryConfig, false),
                SpecificAvroSerde.of(OrderAutoCloseRequested.class, registryConfig, false),
                SpecificAvroSerde.of(PollTarget.class, registryConfig, false),
                Serdes.Long());
    }

    public DecodingSerde<RawTrackingEvent> decodingRawEvents() {
        return new DecodingSerde<>(rawEvents.deserializer());
    }

    public DecodingSerde<ShipmentRegistration> decodingRegistrations() {
        return new DecodingSerde<>(registrations.deserializer());
    }

    public ParcelUpdateSerde parcelUpdates() {
        return new ParcelUpdateSerde(registrations, parcels);
    }

    Serde<ParcelClaims> parcelClaims() {
        return new ParcelClaimsSerde(registrations);
    }

    Serde<ShipmentAssembly> assemblies() {
        return ShipmentAssembly.serde(parcels);
    }
}
