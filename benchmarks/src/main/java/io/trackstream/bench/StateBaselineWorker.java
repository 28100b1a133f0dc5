package io.trackstream.bench;

import java.util.Set;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The passthrough with the least state the processor's design can have, to show what state alone costs on this broker
 * under exactly_once_v2, whatever the topology. Each event is still copied to the output, and on its way:
 * <ul>
 *   <li>{@code one-store}: its parcel's entry in one store (RocksDB, cached as the processor's parcel store,
 *       changelogged) is read and overwritten with the event: the least "keeps every parcel in a KTable" can be;</li>
 *   <li>{@code two-stores}: then the event goes through a repartition topic to a second such store, read and
 *       overwritten the same way: the least a parcel table and a shipment table of another key can be.</li>
 * </ul>
 * No decode, no dedupe, no rules; the key stays the parcel's (a repartition costs the same whatever the key). Runs
 * until SIGTERM. Arguments: {@code one-store} or {@code two-stores}, then {@link PassthroughWorker}'s.
 */
final class StateBaselineWorker {

    static final String PARCELS = "baseline-parcels";
    static final String SHIPMENTS = "baseline-shipments";

    private StateBaselineWorker() {
    }

    static void main(String[] args) throws InterruptedException {
        boolean twoStores = switch (args[0]) {
            case "one-store" -> false;
            case "two-stores" -> true;
            default -> throw new IllegalArgumentException("Unknown state baseline " + args[0] + ": one-store or two-stores");
        };
        BaselineStreams.runUntilStopped(topology(args[3], args[4], twoStores),
                BaselineStreams.properties(args[1], args[2], Integer.parseInt(args[5]), Long.parseLong(args[6]), args[7], args, 8));
    }

    static Topology topology(String input, String output, boolean twoStores) {
        Serde<byte[]> bytes = Serdes.ByteArray();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> events = builder.stream(input, Consumed.with(bytes, bytes))
                .processValues(keepLatest(PARCELS));
        if (twoStores) {
            events = events.repartition(Repartitioned.<byte[], byte[]>as("by-shipment").withKeySerde(bytes).withValueSerde(bytes))
                    .processValues(keepLatest(SHIPMENTS));
        }
        events.to(output, Produced.with(bytes, bytes));
        return builder.build();
    }

    private static FixedKeyProcessorSupplier<byte[], byte[], byte[]> keepLatest(String storeName) {
        StoreBuilder<KeyValueStore<byte[], byte[]>> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName),
                Serdes.ByteArray(), Serdes.ByteArray()).withCachingEnabled();
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<byte[], byte[], byte[]> get() {
                return new KeepLatest(storeName);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }

    /** Reads the key's entry, replaces it with the event, forwards the event. */
    private static final class KeepLatest implements FixedKeyProcessor<byte[], byte[], byte[]> {

        private final String storeName;
        private FixedKeyProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], byte[]> store;

        KeepLatest(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(FixedKeyRecord<byte[], byte[]> event) {
            store.get(event.key()); // as the processor reads an entry before it applies an event to it
            store.put(event.key(), event.value());
            context.forward(event);
        }
    }
}
