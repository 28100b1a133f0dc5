package io.trackstream.processor.topology;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.trackstream.avro.ShipmentRegistration;

/**
 * {@link ParcelClaims} in {@code parcel-assignments-store}: a format byte, a count, then each registration as a
 * length-prefixed Confluent-wire-format Avro record. A value that starts with the wire format's magic byte 0 is a
 * single registration, as the store held before a parcel could belong to several shipments, and reads as one claim.
 */
final class ParcelClaimsSerde implements Serde<ParcelClaims> {

    private static final byte FORMAT = 2;
    private static final byte WIRE_MAGIC = 0;

    private final Serde<ShipmentRegistration> registrations;

    ParcelClaimsSerde(Serde<ShipmentRegistration> registrations) {
        this.registrations = registrations;
    }

    @Override
    public Serializer<ParcelClaims> serializer() {
        return (topic, claims) -> {
            if (claims == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * claims.shipments().size() + 8);
            out.write(FORMAT);
            Frames.writeInt(out, claims.shipments().size());
            for (ShipmentRegistration claim : claims.shipments()) {
                Frames.writeBytes(out, registrations.serializer().serialize(topic, claim));
            }
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<ParcelClaims> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length > 0 && data[0] == WIRE_MAGIC) {
                return new ParcelClaims(List.of(registrations.deserializer().deserialize(topic, data)));
            }
            ByteBuffer in = ByteBuffer.wrap(data);
            if (in.get() != FORMAT) {
                throw new SerializationException("Unknown parcel claims format " + data[0] + " on " + topic);
            }
            int count = in.getInt();
            List<ShipmentRegistration> claims = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                claims.add(registrations.deserializer().deserialize(topic, Frames.readBytes(in)));
            }
            return new ParcelClaims(claims);
        };
    }

}
