package io.trackstream.processor.topology.tuning;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.serde.ConfluentWireFormat;
import io.trackstream.serde.NullableUnionWriter;
import io.trackstream.serde.SchemaRegistryClient;
import io.trackstream.serde.WireBuffer;

/**
 * Serializes each new shipment version once. A version is written three times: to {@code shipments-store} (and so
 * its changelog), to {@code shipments.v1}, and inside its {@code ShipmentStatusChanged}; a shipment carries every
 * parcel's history, so encoding it is the topology's largest serialization cost. The three writes happen one after
 * the other on the stream thread, on the same instance, which is never mutated once written (ShipmentProcessor
 * builds a new one per version): the bytes of the last shipment serialized on a thread are reused for the same
 * instance, and spliced into the status change. Schema ids are global per schema (Confluent's rule, and our
 * registries'), so the bytes are the same whichever topic they were first made for.
 */
public final class ShipmentBytes {

    private record Last(Shipment shipment, byte[] bytes) {
    }

    private final ThreadLocal<Last> last = new ThreadLocal<>();

    /** The shipment serde, remembering the last shipment it encoded on each thread. */
    public Serde<Shipment> shipments(Serde<Shipment> delegate) {
        Serializer<Shipment> serializer = (topic, shipment) -> {
            if (shipment == null) {
                return null;
            }
            byte[] known = bytesOf(shipment);
            if (known != null) {
                return known;
            }
            byte[] bytes = delegate.serializer().serialize(topic, shipment);
            last.set(new Last(shipment, bytes));
            return bytes;
        };
        Deserializer<Shipment> deserializer = delegate.deserializer();
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }

    /** The status change serde: the embedded shipment's bytes are copied from its version when known. */
    public Serde<ShipmentStatusChanged> statusChanges(Serde<ShipmentStatusChanged> delegate, SchemaRegistryClient registry) {
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(new StatusChangeSerializer(registry), delegate.deserializer());
    }

    private byte[] bytesOf(Shipment shipment) {
        Last known = last.get();
        return known != null && known.shipment() == shipment ? known.bytes() : null;
    }

    /** Confluent wire format, like SpecificAvroSerializer, with the shipment field written from remembered bytes. */
    private final class StatusChangeSerializer implements Serializer<ShipmentStatusChanged> {

        private final SchemaRegistryClient registry;
        private final Map<String, Integer> schemaIds = new ConcurrentHashMap<>();
        private final SplicingWriter writer = new SplicingWriter(ShipmentStatusChanged.getClassSchema());

        StatusChangeSerializer(SchemaRegistryClient registry) {
            this.registry = registry;
        }

        @Override
        public byte[] serialize(String topic, ShipmentStatusChanged change) {
            if (change == null) {
                return null;
            }
            int schemaId = schemaIds.computeIfAbsent(topic, t -> registry.register(t + "-value", ShipmentStatusChanged.getClassSchema()));
            WireBuffer out = WireBuffer.start(schemaId);
            try {
                writer.write(change, out.encoder());
                return out.finish();
            } catch (IOException | RuntimeException e) {
                out.release();
                throw new SerializationException("Cannot serialize ShipmentStatusChanged for topic " + topic + ": " + e.getMessage(), e);
            }
        }
    }

    /** Writes a record, copying an embedded shipment's Avro body from its remembered wire-format bytes. */
    private final class SplicingWriter extends NullableUnionWriter<ShipmentStatusChanged> {

        SplicingWriter(Schema schema) {
            super(schema, SpecificData.getForSchema(schema));
        }

        @Override
        protected void write(Schema schema, Object datum, Encoder out) throws IOException {
            if (datum instanceof Shipment shipment) {
                byte[] known = bytesOf(shipment);
                if (known != null) {
                    // a nested record's binary encoding is the record's own encoding: the bytes after the header
                    out.writeFixed(known, ConfluentWireFormat.HEADER_SIZE, known.length - ConfluentWireFormat.HEADER_SIZE);
                    return;
                }
            }
            super.write(schema, datum, out);
        }
    }
}
