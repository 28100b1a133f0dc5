package io.trackstream.notifier.listener;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.Target;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SchemaRegistryException;
import io.trackstream.serde.SpecificAvroDeserializer;

/**
 * Reads a record's value into its Avro type. The listeners consume raw bytes and decode here, so that a dead letter
 * keeps the original bytes (same schema id, readable by any consumer of the original topic) and a replay writes
 * exactly what was received. A value that cannot be decoded while the registry answers is dead-lettered at once; one
 * whose schema cannot be fetched because the registry is unreachable is not the record's fault, and waits.
 */
public final class AvroValueDecoder<T extends SpecificRecord> {

    private final SpecificAvroDeserializer<T> deserializer;
    private final Target target;

    public AvroValueDecoder(Class<T> type, String schemaRegistryUrl, Target target) {
        this.deserializer = new SpecificAvroDeserializer<>(type);
        this.deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl), false);
        this.target = target;
    }

    /**
     * @throws RegistryUnavailable when the writer schema cannot be fetched because the registry is unreachable: the
     *                             record is retried, with the consumer waiting
     * @throws PermanentFailure    ({@code UNDECODABLE}) when the bytes cannot be read while the registry answers
     */
    public T decode(ConsumerRecord<String, byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            return deserializer.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            if (registryUnreachable(e)) {
                throw new RegistryUnavailable("Cannot decode " + where + " now: " + e.getMessage(), e);
            }
            throw PermanentFailure.beforeCall(target, FailureReason.UNDECODABLE, "Cannot decode " + where + ": " + e.getMessage(), e);
        }
    }

    private static boolean registryUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException.Unavailable) {
                return true;
            }
        }
        return false;
    }
}
