package io.trackstream.processor.topology;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * transaction or moved to another thread starts again from the store, which Kafka Streams has restored. Bounded,
 * least recently used first out.
 */
final class RecentValues<V> {

    /** Per store and task. A few thousand decoded parcels or shipments are a few MB of heap. */
    static final int DEFAULT_CAPACITY = 4096;

    private final KeyValueStore<String, V> store;
    private final Map<String, V> recent;

    RecentValues(KeyValueStore<String, V> store) {
        this(store, DEFAULT_CAPACITY);
    }

    RecentValues(KeyValueStore<String, V> store, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.store = store;
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    V get(String key) {
        V known = recent.get(key);
        if (known != null) {
            return known;
        }
        V stored = store.get(key);
        if (stored != null) {
            recent.put(key, stored);
        }
        return stored;
    }

    void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        store.put(key, value);
        recent.put(key, value);
    }

    void delete(String key) {
        recent.remove(key);
        store.delete(key);
    }

    /** Forgets every decoded value (the store is left as it is). */
    void clear() {
        recent.clear();
    }

    int size() {
        return recent.size();
    }
}
