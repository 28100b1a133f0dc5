package io.trackstream.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, registering the record's schema under the subject
 * {@code <topic>-key} or {@code <topic>-value} (Confluent's TopicNameStrategy). {@code null} stays {@code null}
 * (a tombstone).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Map<Schema, NullableUnionWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<String, Integer> schemaIdByTopic = new ConcurrentHashMap<>();
    /** The last topic and schema written and their id: a serializer mostly writes one type to one topic. */
    private volatile LastSchema last;
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
        LastSchema known = last;
        int schemaId;
        if (known != null && known.schema() == schema && known.topic().equals(topic)) {
            schemaId = known.id();
        } else {
            schemaId = schemaIdByTopic.computeIfAbsent(topic + '\u0000' + schema.getFullName(), k -> register(topic, schema));
            last = new LastSchema(topic, schema, schemaId);
        }
        WireBuffer out = WireBuffer.start(schemaId);
        try {
            writerFor(schema).write(record, out.encoder());
            return out.finish();
        } catch (IOException | RuntimeException e) {
            out.release();
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private int register(String topic, Schema schema) {
        String subject = topic + (isKey ? "-key" : "-value");
        try {
            return registry.register(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot register schema " + schema.getFullName() + " under subject " + subject + ": " + e.getMessage(), e);
        }
    }

    private NullableUnionWriter<T> writerFor(Schema schema) {
        return writers.computeIfAbsent(schema, s -> new NullableUnionWriter<>(s, SpecificData.getForSchema(s)));
    }

    private record LastSchema(String topic, Schema schema, int id) {
    }
}
