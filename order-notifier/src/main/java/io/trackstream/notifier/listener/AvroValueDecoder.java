package io.trackstream.notifier.listener;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.Target;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;

/**
 * Reads a record's value into its Avro type. The listeners consume raw bytes and decode here, so that a dead letter
 * keeps the original bytes (same schema id, readable by any consumer of the original topic) and a replay writes
 * exactly what was received; a value that cannot be decoded is dead-lettered at once.
 */
public final class AvroValueDecoder<T extends SpecificRecord> {

    private final SpecificAvroDeserializer<T> deserializer;
    private final Target target;

    public AvroValueDecoder(Class<T> type, String schemaRegistryUrl, Target target) {
        this.deserializer = new SpecificAvroDeserializer<>(type);
        this.deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl), false);
        this.target = target;
    }

    public T decode(ConsumerRecord<String, byte[]> record) {
        try {
            return deserializer.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            throw PermanentFailure.beforeCall(target, FailureReason.UNDECODABLE,
                    "Cannot decode " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }
}
