package io.trackstream.serde;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer of one Avro specific record type, in the Confluent wire format. */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    public SpecificAvroSerde(Class<T> type) {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>(type);
    }

    /** A serde already configured with {@code configs} ({@code schema.registry.url} and friends). */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> of(Class<T> type, Map<String, ?> configs, boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(configs, isKey);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
