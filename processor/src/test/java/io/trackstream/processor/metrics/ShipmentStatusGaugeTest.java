package io.trackstream.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.ShipmentStatus;

class ShipmentStatusGaugeTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** What interactive queries give over the local tasks' stores: each task's entries in turn. */
    private final List<KeyValue<String, Long>> entries = new ArrayList<>();
    private final AtomicReference<Optional<ReadOnlyKeyValueStore<String, Long>>> readable =
            new AtomicReference<>(Optional.of(new ListStore(entries)));
    private final ShipmentStatusGauge gauge = new ShipmentStatusGauge(readable::get, registry, Duration.ofSeconds(30));

    @Test
    void sumsTheLocalTasksCountsByStatus() {
        // Given two tasks on this instance, each with its counts and its mark that they are complete
        entries.addAll(List.of(KeyValue.pair("*counted", 1L), KeyValue.pair("DELIVERED", 2L), KeyValue.pair("IN_TRANSIT", 1L)));
        entries.addAll(List.of(KeyValue.pair("*counted", 1L), KeyValue.pair("DELIVERED", 3L), KeyValue.pair("EXCEPTION", 0L)));

        // When the gauge reads them
        assertThat(gauge.refresh()).isTrue();

        // Then the dashboard sees each status summed over the tasks, zero included once read, and no mark
        assertThat(value(ShipmentStatus.DELIVERED)).isEqualTo(5);
        assertThat(value(ShipmentStatus.IN_TRANSIT)).isEqualTo(1);
        assertThat(value(ShipmentStatus.EXCEPTION)).isZero();
        assertThat(value(ShipmentStatus.PENDING)).isZero();

        // and the next read follows the store
        entries.clear();
        entries.addAll(List.of(KeyValue.pair("DELIVERED", 6L), KeyValue.pair("IN_TRANSIT", 0L)));
        gauge.refresh();
        assertThat(value(ShipmentStatus.DELIVERED)).isEqualTo(6);
        assertThat(value(ShipmentStatus.IN_TRANSIT)).isZero();
    }

    @Test
    void showsNothingUntilTheStoreCouldBeRead() {
        readable.set(Optional.empty()); // Streams not running yet, or rebalancing

        assertThat(gauge.refresh()).isFalse();
        assertThat(registry.find(ShipmentStatusGauge.NAME).gauges()).isEmpty();
    }

    private double value(ShipmentStatus status) {
        Gauge g = registry.find(ShipmentStatusGauge.NAME).tag("status", status.name()).gauge();
        assertThat(g).as("gauge for " + status).isNotNull();
        return g.value();
    }

    /** The read-only view over several tasks' stores that interactive queries give, over a list. */
    private record ListStore(List<KeyValue<String, Long>> entries) implements ReadOnlyKeyValueStore<String, Long> {

        @Override
        public Long get(String key) {
            return entries.stream().filter(e -> e.key.equals(key)).map(e -> e.value).findFirst().orElse(null);
        }

        @Override
        public KeyValueIterator<String, Long> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, Long> all() {
            Iterator<KeyValue<String, Long>> it = new ArrayList<>(entries).iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, Long> next() {
                    return it.next();
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

        @Override
        public long approximateNumEntries() {
            return entries.size();
        }
    }
}
