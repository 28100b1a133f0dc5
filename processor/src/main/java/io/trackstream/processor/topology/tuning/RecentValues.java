package io.trackstream.processor.topology.tuning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The values a task read or wrote last, kept decoded in front of its key-value store. Kafka Streams' record cache
 * holds serialized bytes, so every {@code get} of a parcel or shipment decodes its whole Avro record, history and
 * all, even when the same task wrote it a moment ago; the events of one poll, the flush after them and the shipment
 * versions of a multi-parcel shipment read the same few keys again and again. This map answers those reads with the
 * object that was written.
 * <p>
 * Rules that keep it equal to the store: every write of the store goes through {@link #put}/{@link #delete} (the
 * processor is the store's only writer); a value handed out is never changed unless it is then put back; and the map
 * lives no longer than the processor's {@code init}..{@code close}: a task that is closed, revived after a failed
 * transaction or moved to another thread starts again from the store, which Kafka Streams has restored. Bounded
 * in entries and in weight (the values' estimated encoded size), least recently used first out; a value heavier
 * than {@link #MAX_VALUE_WEIGHT} is not kept, so a few huge parcels cannot fill the heap.
 */
public final class RecentValues<V> {

    /**
     * Per store and task. On a busy processor the 16 of them hold a few hundred MB of decoded values, which costs GC
     * time; a quarter of this cut that GC to a third but raised the p99 latency of a steady webhook load
     * (docs/processor.md).
     */
    static final int DEFAULT_CAPACITY = 4096;
    /** Per store and task, in estimated encoded bytes (decoded objects take a few times that). */
    static final long MAX_WEIGHT = 4L * 1024 * 1024;
    static final int MAX_VALUE_WEIGHT = 128 * 1024;

    private record Entry<V>(V value, int weight) {
    }

    private final KeyValueStore<String, V> store;
    private final ToIntFunction<V> weigher;
    private final int capacity;
    private final Map<String, Entry<V>> recent;
    private long weight;

    public RecentValues(KeyValueStore<String, V> store, ToIntFunction<V> weigher) {
        this(store, DEFAULT_CAPACITY, weigher);
    }

    public RecentValues(KeyValueStore<String, V> store, int capacity, ToIntFunction<V> weigher) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.store = store;
        this.weigher = weigher;
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true);
    }

    public V get(String key) {
        Entry<V> known = recent.get(key);
        if (known != null) {
            return known.value();
        }
        V stored = store.get(key);
        if (stored != null) {
            keep(key, stored);
        }
        return stored;
    }

    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        store.put(key, value);
        keep(key, value);
    }

    public void delete(String key) {
        forget(key);
        store.delete(key);
    }

    /** Forgets every decoded value (the store is left as it is). */
    public void clear() {
        recent.clear();
        weight = 0;
    }

    private void keep(String key, V value) {
        forget(key);
        int w = weigher.applyAsInt(value);
        if (w > MAX_VALUE_WEIGHT) {
            return;
        }
        recent.put(key, new Entry<>(value, w));
        weight += w;
        var eldest = recent.entrySet().iterator();
        while ((recent.size() > capacity || weight > MAX_WEIGHT) && eldest.hasNext()) {
            weight -= eldest.next().getValue().weight();
            eldest.remove();
        }
    }

    private void forget(String key) {
        Entry<V> old = recent.remove(key);
        if (old != null) {
            weight -= old.weight();
        }
    }

    public int size() {
        return recent.size();
    }
}
