package io.trackstream.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.processor.testing.Shipments;

class ShipmentStatusGaugeTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TreeMap<String, Shipment> store = new TreeMap<>();
    private final AtomicReference<Optional<ReadOnlyKeyValueStore<String, Shipment>>> readable =
            new AtomicReference<>(Optional.of(new MapStore(store)));
    private final ShipmentStatusGauge gauge = new ShipmentStatusGauge(readable::get, registry, Duration.ofSeconds(30));

    @Test
    void countsTheLocalShipmentsByStatus() {
        // Given two delivered shipments and one in transit in the local store
        store.put("shp-1", shipment("shp-1", ShipmentStatus.DELIVERED));
        store.put("shp-2", shipment("shp-2", ShipmentStatus.DELIVERED));
        store.put("shp-3", shipment("shp-3", ShipmentStatus.IN_TRANSIT));

        // When the gauge counts
        assertThat(gauge.refresh()).isTrue();

        // Then the dashboard sees each status, zero included once counted
        assertThat(value(ShipmentStatus.DELIVERED)).isEqualTo(2);
        assertThat(value(ShipmentStatus.IN_TRANSIT)).isEqualTo(1);
        assertThat(value(ShipmentStatus.EXCEPTION)).isZero();

        // and the next count follows the store
        store.put("shp-3", shipment("shp-3", ShipmentStatus.DELIVERED));
        gauge.refresh();
        assertThat(value(ShipmentStatus.DELIVERED)).isEqualTo(3);
        assertThat(value(ShipmentStatus.IN_TRANSIT)).isZero();
    }

    @Test
    void showsNothingUntilTheStoreCouldBeCounted() {
        readable.set(Optional.empty()); // Streams not running yet, or rebalancing

        assertThat(gauge.refresh()).isFalse();
        assertThat(registry.find(ShipmentStatusGauge.NAME).gauges()).isEmpty();
    }

    private double value(ShipmentStatus status) {
        Gauge g = registry.find(ShipmentStatusGauge.NAME).tag("status", status.name()).gauge();
        assertThat(g).as("gauge for " + status).isNotNull();
        return g.value();
    }

    private static Shipment shipment(String id, ShipmentStatus status) {
        return Shipment.newBuilder(Shipments.shipment(id, "store-athens", "order-" + id, "ZU500011420GR")).setStatus(status).build();
    }

    /** The read-only view of a store that interactive queries give, over a map. */
    private record MapStore(TreeMap<String, Shipment> map) implements ReadOnlyKeyValueStore<String, Shipment> {

        @Override
        public Shipment get(String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, Shipment> range(String from, String to) {
            return iterator(map.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<String, Shipment> all() {
            return iterator(map);
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        private static KeyValueIterator<String, Shipment> iterator(Map<String, Shipment> entries) {
            Iterator<Map.Entry<String, Shipment>> it = new TreeMap<>(entries).entrySet().iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, Shipment> next() {
                    Map.Entry<String, Shipment> e = it.next();
                    return KeyValue.pair(e.getKey(), e.getValue());
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
