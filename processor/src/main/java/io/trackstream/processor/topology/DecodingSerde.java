package io.trackstream.processor.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Wraps a deserializer so that it never throws: a failure becomes {@link Decoded#failed}. Read-only. */
public final class DecodingSerde<T> implements Serde<Decoded<T>> {

    private final Deserializer<T> inner;

    public DecodingSerde(Deserializer<T> inner) {
        this.inner = inner;
    }

    @Override
    public Serializer<Decoded<T>> serializer() {
        return (topic, data) -> {
            throw new UnsupportedOperationException("Decoded values are never written");
        };
    }

    @Override
    public Deserializer<Decoded<T>> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return Decoded.ok(inner.deserialize(topic, data));
            } catch (RuntimeException e) {
                return Decoded.failed(data, e.getMessage() == null ? e.getClass().getName() : e.getMessage());
            }
        };
    }
}
