package io.trackstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, registering the record's schema under the subject
 * {@code <topic>-key} or {@code <topic>-value} (Confluent's TopicNameStrategy). {@code null} stays {@code null}
 * (a tombstone).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<String, Integer> schemaIdByTopic = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean isKey;

    /** For instantiation by class name; {@link #configure} must follow. */
    public SpecificAvroSerializer() {
    }

    public SpecificAvroSerializer(SchemaRegistryClient registry, boolean isKey) {
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = SchemaRegistryClients.fromConfig(configs);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("SpecificAvroSerializer used before configure(): set " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        Schema schema = record.getSchema();
        int schemaId = schemaIdByTopic.computeIfAbsent(topic + '\u0000' + schema.getFullName(),
                k -> register(topic, schema));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ByteBuffer header = ByteBuffer.allocate(ConfluentWireFormat.HEADER_SIZE);
        ConfluentWireFormat.writeHeader(header, schemaId);
        out.write(header.array(), 0, ConfluentWireFormat.HEADER_SIZE);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int register(String topic, Schema schema) {
        String subject = topic + (isKey ? "-key" : "-value");
        try {
            return registry.register(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot register schema " + schema.getFullName() + " under subject " + subject + ": " + e.getMessage(), e);
        }
    }

    private SpecificDatumWriter<T> writerFor(Schema schema) {
        return writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
    }
}
