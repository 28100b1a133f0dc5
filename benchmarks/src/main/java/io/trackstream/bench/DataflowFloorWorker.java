package io.trackstream.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The second baseline of (a): the processor's dataflow with none of its work. The same sources, the same eight
 * stores (behind the record cache where the processor's are: the parcels and the pending marks; repeats are found
 * from the parcel's own event keys, as the processor finds them in its history), the same two
 * repartitions and the same sinks as {@code TrackingTopology}, the same flush of changed parcels every 50 ms (the
 * processor's busy-flush-interval, its flush under this load), under exactly_once_v2 with the processor's client
 * settings. But every value is bytes as they came: no Avro is read or written, and the little the floor must know
 * of an event (event key, event and receipt time, status rank) or of a registration (its parcel keys) it reads from
 * one header that {@link RawEventLoad} sets on a copy of the input. A
 * parcel's value grows by half of each new event's bytes (about a history entry's size) and its 16-byte key; a
 * poll target goes out at the flush after each new event (it carries the parcel's event-key digest); its update to the shipment
 * side, and so the shipment, carry its status rank and newest entry only (the processor's shown parcels), and the
 * status change carries the shipment, as the processor's do, so the broker moves about as many bytes (the run prints
 * both apps' topic sizes). What it measures is what this dataflow costs Kafka Streams and
 * the broker on this machine: the most the processor could reach if its own code cost nothing. Runs until SIGTERM.
 * Arguments: bootstrap applicationId rawTopic registrationsTopic outputPrefix threads commitIntervalMs stateDir,
 * then {@code key=value} Kafka client settings.
 */
final class DataflowFloorWorker {

    /**
     * The one header the floor reads: of an event, its 16-byte event key, event time and receipt time (8 bytes each)
     * and status rank (1 byte); of a registration, its parcel keys, comma-separated.
     */
    static final String HEADER = "bench.floor";
    static final int EVENT_HEADER_SIZE = 16 + 8 + 8 + 1;

    /** The outputs, each {@code <outputPrefix>.<name>}; the floor's work is done when every shipment is auto-closed. */
    static final String SHIPMENTS = "shipments";
    static final String STATUS_CHANGES = "status-changes";
    static final String POLL_TARGETS = "poll-targets";
    static final String AUTO_CLOSE = "auto-close";

    private static final byte DELIVERED = 4;
    /** A parcel's value starts with its status rank, its newest entry's length and its event-key count. */
    private static final int PARCEL_HEAD = 1 + 4 + 4;
    private static final int EVENT_KEY = 16;
    private static final Duration FLUSH_INTERVAL = Duration.ofMillis(50);
    /** About the size of a PollTarget ('p', then zeros), a status change's own fields and an auto-close request, in bytes. */
    private static final byte[] POLL_TARGET = pollTarget();
    private static final int STATUS_CHANGE_FIELDS = 160;
    private static final byte[] AUTO_CLOSE_REQUEST = new byte[200];

    private DataflowFloorWorker() {
    }

    private static byte[] pollTarget() {
        byte[] target = new byte[220];
        target[0] = 'p';
        return target;
    }

    static void main(String[] args) throws InterruptedException {
        BaselineStreams.runUntilStopped(topology(args[2], args[3], args[4]),
                BaselineStreams.properties(args[0], args[1], Integer.parseInt(args[5]), Long.parseLong(args[6]), args[7], args, 8));
    }

    static org.apache.kafka.streams.Topology topology(String raw, String registrations, String out) {
        Serde<byte[]> bytes = Serdes.ByteArray();
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : List.of("floor-parcels", "floor-pending")) { // cached as in TrackingTopology
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), bytes, bytes).withCachingEnabled());
        }
        for (String store : List.of("floor-parcel-assignments", "floor-shipments", "floor-shipment-registrations", "floor-by-order",
                "floor-auto-close", "floor-tenants")) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), bytes, bytes).withCachingDisabled());
        }

        KStream<byte[], byte[]> events = builder.stream(raw, Consumed.with(bytes, bytes).withTimestampExtractor(new ReceivedTime()));
        KStream<byte[], byte[]> assignments = builder.stream(registrations, Consumed.with(bytes, bytes))
                .process(RegistrationFanOut::new, "floor-tenants")
                .repartition(Repartitioned.<byte[], byte[]>as("floor-parcel-assignments").withKeySerde(bytes).withValueSerde(bytes));
        events.merge(assignments)
                .process(ParcelFloor::new, "floor-parcels", "floor-parcel-assignments", "floor-pending")
                .split(Named.as("floor-parcel-outputs"))
                .branch((key, value) -> value[0] == 'p',
                        Branched.withConsumer(targets -> targets.to(out + "." + POLL_TARGETS, Produced.with(bytes, bytes))))
                .defaultBranch(Branched.withConsumer(updates -> updates
                        .repartition(Repartitioned.<byte[], byte[]>as("floor-parcel-updates").withKeySerde(bytes).withValueSerde(bytes))
                        .process(ShipmentFloor::new, "floor-shipments", "floor-shipment-registrations", "floor-by-order", "floor-auto-close")
                        .split(Named.as("floor-shipment-outputs"))
                        .branch((key, value) -> value[0] == 's', Branched.withConsumer(s -> s.to(out + "." + SHIPMENTS, Produced.with(bytes, bytes))))
                        .branch((key, value) -> value[0] == 'c', Branched.withConsumer(c -> c.to(out + "." + STATUS_CHANGES, Produced.with(bytes, bytes))))
                        .defaultBranch(Branched.withConsumer(a -> a.to(out + "." + AUTO_CLOSE, Produced.with(bytes, bytes))))));
        return builder.build();
    }

    /** Raw events are timed by their receipt, as the processor's ReceivedTimeExtractor does; registrations by theirs. */
    static final class ReceivedTime implements TimestampExtractor {
        @Override
        public long extract(org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> record, long partitionTime) {
            Header header = record.headers().lastHeader(HEADER);
            return header == null || header.value().length != EVENT_HEADER_SIZE ? record.timestamp() : ByteBuffer.wrap(header.value()).getLong(24);
        }
    }

    /** A registration to each of its parcels: value = parcel count, then the registration's bytes. */
    static final class RegistrationFanOut implements Processor<byte[], byte[], byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], byte[]> tenants;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.tenants = context.getStateStore("floor-tenants");
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (tenants.get(record.key()) == null) {
                tenants.put(record.key(), "bench".getBytes(StandardCharsets.UTF_8));
            }
            String[] parcels = new String(record.headers().lastHeader(HEADER).value(), StandardCharsets.UTF_8).split(",");
            byte[] value = ByteBuffer.allocate(1 + 4 + record.key().length + record.value().length)
                    .put((byte) parcels.length).putInt(record.key().length).put(record.key()).put(record.value()).array();
            for (String parcel : parcels) { // without the header: on the parcel side, no header means an assignment
                context.forward(new Record<>(parcel.getBytes(StandardCharsets.UTF_8), value, record.timestamp()));
            }
        }
    }

    /**
     * The parcel: status rank, newest entry's length, event-key count, its event keys, then its entries, newest last.
     * An event whose key the parcel holds is a repeat and writes nothing; changed parcels go to their shipment at
     * the next flush. Value to the shipment side: kind (0 parcel, 1 registration), parts length-prefixed; poll
     * targets go out on an assignment and at the flush after a new event.
     */
    static final class ParcelFloor implements Processor<byte[], byte[], byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], byte[]> parcels;
        private KeyValueStore<byte[], byte[]> assignments;
        private KeyValueStore<byte[], byte[]> pending;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.parcels = context.getStateStore("floor-parcels");
            this.assignments = context.getStateStore("floor-parcel-assignments");
            this.pending = context.getStateStore("floor-pending");
            context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::flush);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            Header header = record.headers().lastHeader(HEADER);
            if (header == null) {
                onAssignment(record);
                return;
            }
            byte[] before = parcels.get(record.key());
            if (holds(before, header.value())) {
                return;
            }
            byte rank = header.value()[32];
            // A history entry is about half a raw event's size (no raw payload, URLs or names): the first half of it.
            int entry = record.value().length / 2;
            int keys = before == null ? 0 : ByteBuffer.wrap(before, 5, 4).getInt();
            int history = before == null ? 0 : before.length - PARCEL_HEAD - keys * EVENT_KEY;
            ByteBuffer after = ByteBuffer.allocate(PARCEL_HEAD + (keys + 1) * EVENT_KEY + history + entry)
                    .put(before == null ? rank : (byte) Math.max(rank, before[0]))
                    .putInt(entry)
                    .putInt(keys + 1);
            if (before != null) {
                after.put(before, PARCEL_HEAD, keys * EVENT_KEY);
            }
            after.put(header.value(), 0, EVENT_KEY);
            if (before != null) {
                after.put(before, PARCEL_HEAD + keys * EVENT_KEY, history);
            }
            after.put(record.value(), 0, entry);
            parcels.put(record.key(), after.array());
            if (assignments.get(record.key()) != null && pending.get(record.key()) == null) {
                pending.put(record.key(), new byte[] {before == null ? 0 : before[0]});
            }
        }

        /** Whether the parcel holds the event whose header is {@code event} (its first 16 bytes are the event key). */
        private static boolean holds(byte[] parcel, byte[] event) {
            if (parcel == null) {
                return false;
            }
            int keys = ByteBuffer.wrap(parcel, 5, 4).getInt();
            for (int i = 0; i < keys; i++) {
                if (Arrays.equals(parcel, PARCEL_HEAD + i * EVENT_KEY, PARCEL_HEAD + (i + 1) * EVENT_KEY, event, 0, EVENT_KEY)) {
                    return true;
                }
            }
            return false;
        }

        private void onAssignment(Record<byte[], byte[]> record) {
            assignments.put(record.key(), record.value());
            byte[] parcel = parcels.get(record.key());
            context.forward(record.withKey(shipmentIdOf(record.value())).withValue(update(record.value(), record.key(), parcel)));
            context.forward(record.withValue(POLL_TARGET));
        }

        private void flush(long now) {
            List<KeyValue<byte[], byte[]>> due = new ArrayList<>();
            try (KeyValueIterator<byte[], byte[]> marks = pending.all()) {
                marks.forEachRemaining(due::add);
            }
            for (KeyValue<byte[], byte[]> mark : due) {
                pending.delete(mark.key);
                byte[] parcel = parcels.get(mark.key);
                Record<byte[], byte[]> flushed = new Record<>(mark.key, null, now);
                context.forward(flushed.withKey(shipmentIdOf(assignments.get(mark.key))).withValue(update(null, mark.key, parcel)));
                context.forward(flushed.withValue(POLL_TARGET)); // a new event: a new event-key digest
            }
        }

        /** An assignment is the parcel count, then the shipment id length-prefixed, then the registration. */
        private static byte[] shipmentIdOf(byte[] assignment) {
            ByteBuffer in = ByteBuffer.wrap(assignment);
            in.get();
            byte[] shipmentId = new byte[in.getInt()];
            in.get(shipmentId);
            return shipmentId;
        }

        /** The parcel as shipments carry it: its status rank and its newest entry, not its history. */
        private static byte[] shown(byte[] parcel) {
            if (parcel == null) {
                return null;
            }
            int newest = ByteBuffer.wrap(parcel, 1, 4).getInt();
            byte[] shown = new byte[1 + newest];
            shown[0] = parcel[0];
            System.arraycopy(parcel, parcel.length - newest, shown, 1, newest);
            return shown;
        }

        private static byte[] update(byte[] registration, byte[] parcelKey, byte[] fullParcel) {
            byte[] parcel = shown(fullParcel);
            int size = 1 + 4 + (registration == null ? 0 : registration.length) + 4 + parcelKey.length + 4 + (parcel == null ? 0 : parcel.length);
            ByteBuffer out = ByteBuffer.allocate(size);
            out.put((byte) (registration == null ? 0 : 1));
            putPart(out, registration);
            putPart(out, parcelKey);
            putPart(out, parcel);
            return out.array();
        }
    }

    /**
     * The shipment: its registration's parcel count, then each known parcel's key and value. Its status rank is its
     * parcels' lowest (a parcel not heard of yet counts 0), so it is DELIVERED when every parcel is. Each update is
     * a new version (to the shipments sink, 's'); a change of rank is a status change carrying the shipment ('c');
     * the first DELIVERED asks for one auto-close ('a').
     */
    static final class ShipmentFloor implements Processor<byte[], byte[], byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], byte[]> shipments;
        private KeyValueStore<byte[], byte[]> registrations;
        private KeyValueStore<byte[], byte[]> byOrder;
        private KeyValueStore<byte[], byte[]> autoClosed;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.shipments = context.getStateStore("floor-shipments");
            this.registrations = context.getStateStore("floor-shipment-registrations");
            this.byOrder = context.getStateStore("floor-by-order");
            this.autoClosed = context.getStateStore("floor-auto-close");
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            ByteBuffer in = ByteBuffer.wrap(record.value());
            boolean withRegistration = in.get() == 1;
            byte[] registration = takePart(in);
            byte[] parcelKey = takePart(in);
            byte[] parcel = takePart(in);
            byte[] stored = registrations.get(record.key());
            if (withRegistration && stored == null) {
                registrations.put(record.key(), registration);
            } else {
                registration = stored;
            }
            int parcelCount = registration[0];
            byte[] before = shipments.get(record.key());
            List<byte[][]> parts = new ArrayList<>();
            byte rankBefore = 0;
            if (before != null) {
                ByteBuffer old = ByteBuffer.wrap(before);
                rankBefore = old.get();
                int n = old.getInt();
                for (int i = 0; i < n; i++) {
                    byte[] key = takePart(old);
                    byte[] value = takePart(old);
                    if (!java.util.Arrays.equals(key, parcelKey)) {
                        parts.add(new byte[][] {key, value});
                    }
                }
            } else {
                byOrder.put(record.key(), record.key());
            }
            if (parcel != null) {
                parts.add(new byte[][] {parcelKey, parcel});
            }
            byte rank = parts.size() < parcelCount ? 0 : Byte.MAX_VALUE;
            int size = 1 + 4;
            for (byte[][] part : parts) {
                rank = (byte) Math.min(rank, part[1][0]);
                size += 8 + part[0].length + part[1].length;
            }
            ByteBuffer after = ByteBuffer.allocate(size).put(rank).putInt(parts.size());
            for (byte[][] part : parts) {
                putPart(after, part[0]);
                putPart(after, part[1]);
            }
            byte[] shipment = after.array();
            shipments.put(record.key(), shipment);
            context.forward(record.withValue(tagged('s', shipment, 0)));
            if (before == null || rank != rankBefore) {
                context.forward(record.withValue(tagged('c', shipment, STATUS_CHANGE_FIELDS)));
                if (rank == DELIVERED && autoClosed.get(record.key()) == null) {
                    autoClosed.put(record.key(), new byte[8]);
                    context.forward(record.withValue(tagged('a', AUTO_CLOSE_REQUEST, 0)));
                }
            }
        }

        private static byte[] tagged(char tag, byte[] body, int extra) {
            byte[] out = new byte[1 + extra + body.length];
            out[0] = (byte) tag;
            System.arraycopy(body, 0, out, 1 + extra, body.length);
            return out;
        }
    }

    private static void putPart(ByteBuffer out, byte[] part) {
        out.putInt(part == null ? -1 : part.length);
        if (part != null) {
            out.put(part);
        }
    }

    private static byte[] takePart(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] part = new byte[length];
        in.get(part);
        return part;
    }
}
