package io.trackstream.processor.topology;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.trackstream.avro.Parcel;

/**
 * A new registration of a shipment, waiting to hear from each parcel it lists before the shipment shows it: a
 * registration that reaches parcels already delivered makes one change, to DELIVERED, not PARTIALLY_DELIVERED
 * first. Kept in {@code shipment-assembly-store} until every parcel has answered, or the registration wait is over.
 *
 * @param revision the registration's revision
 * @param sinceMs  wall-clock time the first answer arrived
 * @param awaiting the parcel keys not heard from yet
 * @param heard    the states of the parcels heard from (a parcel with no event yet is absent)
 */
record ShipmentAssembly(long revision, long sinceMs, Set<String> awaiting, Map<String, Parcel> heard) {

    ShipmentAssembly {
        awaiting = Set.copyOf(awaiting);
        heard = Map.copyOf(heard);
    }

    /** This assembly after parcel {@code parcelKey} answered with {@code parcel} (null: no event yet). */
    ShipmentAssembly heardFrom(String parcelKey, Parcel parcel) {
        Set<String> left = new LinkedHashSet<>(awaiting);
        if (parcelKey != null) {
            left.remove(parcelKey);
        }
        Map<String, Parcel> states = new LinkedHashMap<>(heard);
        if (parcel != null) {
            states.put(parcel.getParcelKey(), parcel);
        }
        return new ShipmentAssembly(revision, sinceMs, left, states);
    }

    boolean complete() {
        return awaiting.isEmpty();
    }

    /** Format byte, revision, since, the awaited keys, then the heard parcels as length-prefixed Avro records. */
    static Serde<ShipmentAssembly> serde(Serde<Parcel> parcels) {
        Serializer<ShipmentAssembly> serializer = (topic, assembly) -> {
            if (assembly == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(1);
            Frames.writeLong(out, assembly.revision());
            Frames.writeLong(out, assembly.sinceMs());
            Frames.writeInt(out, assembly.awaiting().size());
            for (String key : assembly.awaiting()) {
                Frames.writeBytes(out, key.getBytes(StandardCharsets.UTF_8));
            }
            Frames.writeInt(out, assembly.heard().size());
            for (Parcel parcel : assembly.heard().values()) {
                Frames.writeBytes(out, parcels.serializer().serialize(topic, parcel));
            }
            return out.toByteArray();
        };
        Deserializer<ShipmentAssembly> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(data);
            if (in.get() != 1) {
                throw new SerializationException("Unknown shipment assembly format " + data[0] + " on " + topic);
            }
            long revision = in.getLong();
            long since = in.getLong();
            int awaited = in.getInt();
            Set<String> awaiting = new LinkedHashSet<>();
            for (int i = 0; i < awaited; i++) {
                awaiting.add(new String(Frames.readBytes(in), StandardCharsets.UTF_8));
            }
            int count = in.getInt();
            Map<String, Parcel> heard = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                Parcel parcel = parcels.deserializer().deserialize(topic, Frames.readBytes(in));
                heard.put(parcel.getParcelKey(), parcel);
            }
            return new ShipmentAssembly(revision, since, awaiting, heard);
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }

}
