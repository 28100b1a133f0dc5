package io.trackstream.processor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.ShipmentRegistration;

/**
 * {@link ParcelUpdate} on the internal topic: a format byte, the parcel key (length-prefixed UTF-8), then the
 * registration and the parcel, each as a length-prefixed Confluent-wire-format Avro record (length -1: absent).
 * Format 1, without the parcel key, is still read. Each part is registered under its own
 * subject ({@code <topic>-registration-value}, {@code <topic>-parcel-value}), so both evolve like any Avro value.
 */
public final class ParcelUpdateSerde implements Serde<ParcelUpdate> {

    private static final byte FORMAT_WITHOUT_KEY = 1;
    private static final byte FORMAT = 2;

    private final Serde<ShipmentRegistration> registrations;
    private final Serde<Parcel> parcels;

    public ParcelUpdateSerde(Serde<ShipmentRegistration> registrations, Serde<Parcel> parcels) {
        this.registrations = registrations;
        this.parcels = parcels;
    }

    @Override
    public Serializer<ParcelUpdate> serializer() {
        return (topic, update) -> {
            if (update == null) {
                return null;
            }
            byte[] registration = registrations.serializer().serialize(topic + "-registration", update.registration());
            byte[] parcel = parcels.serializer().serialize(topic + "-parcel", update.parcel());
            byte[] key = update.parcelKey() == null ? null : update.parcelKey().getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(1 + 4 + length(key) + 4 + length(registration) + 4 + length(parcel));
            out.put(FORMAT);
            put(out, key);
            put(out, registration);
            put(out, parcel);
            return out.array();
        };
    }

    @Override
    public Deserializer<ParcelUpdate> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(data);
            byte format = in.get();
            if (format != FORMAT && format != FORMAT_WITHOUT_KEY) {
                throw new SerializationException("Unknown ParcelUpdate format " + format + " on " + topic);
            }
            byte[] key = format == FORMAT ? Frames.readBytes(in) : null;
            byte[] registration = Frames.readBytes(in);
            byte[] parcel = Frames.readBytes(in);
            Parcel state = parcel == null ? null : parcels.deserializer().deserialize(topic + "-parcel", parcel);
            String parcelKey = key != null ? new String(key, StandardCharsets.UTF_8) : state == null ? null : state.getParcelKey();
            return new ParcelUpdate(parcelKey,
                    registration == null ? null : registrations.deserializer().deserialize(topic + "-registration", registration),
                    state);
        };
    }

    private static int length(byte[] part) {
        return part == null ? 0 : part.length;
    }

    private static void put(ByteBuffer out, byte[] part) {
        out.putInt(part == null ? -1 : part.length);
        if (part != null) {
            out.put(part);
        }
    }
}
