package io.trackstream.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format records into Avro specific records. The writer's schema is fetched by the id in the
 * header and resolved against the reader's (the generated class's), so records written with an older or newer
 * compatible schema read fine. Without a target class (instantiated by class name), the reader schema is the
 * generated class named like the writer schema, as with Confluent's {@code specific.avro.reader=true}.
 * <p>
 * Readers are Avro's {@link FastReaderBuilder} readers: the resolution of writer against reader schema is worked out
 * once per schema id into a tree of field readers, instead of being replayed by a resolving decoder for every record
 * (the processor decodes every raw event, every parcel update and every stored value it has not kept decoded).
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Map<Integer, DatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();
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
            DatumReader<T> reader = readersBySchemaId.computeIfAbsent(schemaId, this::readerFor);
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, buffer.position(), buffer.remaining(), null);
            return reader.read(null, decoder);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot read record on topic " + topic + " with schema id " + schemaId + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode Avro record on topic " + topic + " with schema id " + schemaId + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(int schemaId) {
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
        try {
            return new FastReaderBuilder(ListReadingData.withConversionsOf(SpecificData.getForSchema(reader))).createDatumReader(writer, reader);
        } catch (IOException e) {
            throw new SerializationException("Cannot resolve schema id " + schemaId + " (" + writer.getFullName() + ") against "
                    + reader.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The generated classes' model (with their logical-type conversions), minus their custom decoders, reading Avro
     * arrays into plain {@link ArrayList}s. Avro's own {@code GenericData.Array} compares and hashes its elements with
     * a data model that knows no logical types, so a deserialized record holding an array of records with optional
     * timestamps could not even be compared with {@code equals}.
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

        /**
         * Records start with an empty {@link ArrayList} in every array field: the fast reader fills the list it finds
         * in a field (it would otherwise make a {@code GenericData.Array}).
         */
        @Override
        public InstanceSupplier getNewRecordSupplier(Schema schema) {
            InstanceSupplier records = super.getNewRecordSupplier(schema);
            int[] arrayFields = schema.getFields().stream()
                    .filter(field -> field.schema().getType() == Schema.Type.ARRAY)
                    .mapToInt(Schema.Field::pos)
                    .toArray();
            if (arrayFields.length == 0) {
                return records;
            }
            return (old, s) -> {
                Object record = records.newInstance(old, s);
                if (record instanceof org.apache.avro.generic.IndexedRecord indexed) {
                    for (int pos : arrayFields) {
                        if (!(indexed.get(pos) instanceof ArrayList<?>)) {
                            indexed.put(pos, new ArrayList<>());
                        }
                    }
                }
                return record;
            };
        }

        @Override
        public Object newArray(Object old, int size, Schema schema) {
            if (old instanceof ArrayList<?> list) {
                list.clear();
                return list;
            }
            return new ArrayList<>(size);
        }
    }
}
