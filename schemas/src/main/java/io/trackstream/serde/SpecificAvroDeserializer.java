package io.trackstream.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format records into Avro specific records. The writer's schema is fetched by the id in the
 * header and resolved against the reader's (the generated class's), so records written with an older or newer
 * compatible schema read fine. Without a target class (instantiated by class name), the reader schema is the
 * generated class named like the writer schema, as with Confluent's {@code specific.avro.reader=true}.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Map<Integer, SpecificDatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();
    private final Class<T> targetType;
    private SchemaRegistryClient registry;

    /** For instantiation by class name; {@link #configure} must follow. */
    public SpecificAvroDeserializer() {
        this.targetType = null;
    }

    public SpecificAvroDeserializer(Class<T> targetType) {
        this.targetType = targetType;
    }

    public SpecificAvroDeserializer(Class<T> targetType, SchemaRegistryClient registry) {
        this.targetType = targetType;
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = SchemaRegistryClients.fromConfig(configs);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("SpecificAvroDeserializer used before configure(): set " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int schemaId = ConfluentWireFormat.readSchemaId(buffer, topic);
        try {
            SpecificDatumReader<T> reader = readersBySchemaId.computeIfAbsent(schemaId, this::readerFor);
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, buffer.position(), buffer.remaining(), null);
            return reader.read(null, decoder);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot read record on topic " + topic + " with schema id " + schemaId + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode Avro record on topic " + topic + " with schema id " + schemaId + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private SpecificDatumReader<T> readerFor(int schemaId) {
        Schema writer = registry.getSchemaById(schemaId);
        Schema reader;
        if (targetType != null) {
            reader = SpecificData.get().getSchema(targetType);
        } else {
            Class<?> generated = SpecificData.get().getClass(writer);
            if (generated == null) {
                throw new SerializationException("No generated class for " + writer.getFullName() + " on the classpath");
            }
            reader = SpecificData.get().getSchema(generated);
        }
        return new ListReadingDatumReader<>(writer, reader, ListReadingData.withConversionsOf(SpecificData.getForSchema(reader)));
    }

    /**
     * The generated classes' model, minus their custom decoders: those build Avro arrays directly, bypassing
     * {@link ListReadingDatumReader#newArray}.
     */
    private static final class ListReadingData extends SpecificData {

        static SpecificData withConversionsOf(SpecificData model) {
            ListReadingData data = new ListReadingData(model.getClassLoader());
            model.getConversions().forEach(data::addLogicalTypeConversion);
            return data;
        }

        private ListReadingData(ClassLoader loader) {
            super(loader);
        }

        @Override
        public boolean useCustomCoders() {
            return false;
        }
    }

    /**
     * Reads Avro arrays into plain {@link ArrayList}s. Avro's own {@code GenericData.Array} compares and hashes its
     * elements with a data model that knows no logical types, so a deserialized record holding an array of records
     * with optional timestamps could not even be compared with {@code equals}.
     */
    private static final class ListReadingDatumReader<T> extends SpecificDatumReader<T> {

        ListReadingDatumReader(Schema writer, Schema reader, SpecificData data) {
            super(writer, reader, data);
        }

        @Override
        protected Object newArray(Object old, int size, Schema schema) {
            if (old instanceof ArrayList<?> list) {
                list.clear();
                return list;
            }
            return new ArrayList<>(size);
        }
    }
}
