package io.trackstream.processor.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;

/**
 * {@code trackstream.processor.shipments{status}}: how many shipments this instance holds in each status, for the
 * dashboard (summed over instances: each counts the partitions it runs, never a standby copy). Counted by scanning
 * the local shipments store on its own thread every interval, never on a stream thread, so the topology pays nothing
 * and the figure is at most one interval old. The scan reads and decodes every shipment: its cost grows with the
 * store (docs/processor.md gives the measured figure); a longer interval makes it proportionally cheaper. The gauges
 * appear after the first count, so a dashboard never shows zeros that were never counted.
 */
public final class ShipmentStatusGauge implements SmartLifecycle {

    static final String NAME = "trackstream.processor.shipments";
    private static final Logger log = LoggerFactory.getLogger(ShipmentStatusGauge.class);

    private final Supplier<Optional<ReadOnlyKeyValueStore<String, Shipment>>> localShipments;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<ShipmentStatus, AtomicLong> counts = new EnumMap<>(ShipmentStatus.class);
    private volatile boolean registered;
    private ScheduledExecutorService scheduler;

    /**
     * @param localShipments the shipments store of this instance's active tasks, when Streams is running
     */
    public ShipmentStatusGauge(Supplier<Optional<ReadOnlyKeyValueStore<String, Shipment>>> localShipments, MeterRegistry registry,
                               Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("trackstream.processor.shipment-gauge-interval must be positive, was " + interval);
        }
        this.localShipments = localShipments;
        this.registry = registry;
        this.interval = interval;
        for (ShipmentStatus status : ShipmentStatus.values()) {
            counts.put(status, new AtomicLong());
        }
    }

    /** Counts once; false when the store cannot be read now (not running yet, rebalancing). */
    boolean refresh() {
        Optional<ReadOnlyKeyValueStore<String, Shipment>> store = localShipments.get();
        if (store.isEmpty()) {
            return false;
        }
        long start = System.nanoTime();
        Map<ShipmentStatus, Long> tally = new EnumMap<>(ShipmentStatus.class);
        long total = 0;
        try (KeyValueIterator<String, Shipment> all = store.get().all()) {
            while (all.hasNext()) {
                KeyValue<String, Shipment> next = all.next();
                if (next.value != null && next.value.getStatus() != null) {
                    tally.merge(next.value.getStatus(), 1L, Long::sum);
                    total++;
                }
            }
        } catch (InvalidStateStoreException e) {
            log.debug("Shipments store not readable now ({}); counting again in {}", e.getMessage(), interval);
            return false;
        }
        counts.forEach((status, count) -> count.set(tally.getOrDefault(status, 0L)));
        registerOnce();
        log.debug("Counted {} shipments by status in {} ms", total, (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    private void registerOnce() {
        if (registered) {
            return;
        }
        counts.forEach((status, count) -> Gauge.builder(NAME, count, AtomicLong::get)
                .description("Shipments held by this instance, by status (recounted from the local store every interval)")
                .tag("status", status.name())
                .register(registry));
        registered = true;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "shipment-status-gauge");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("Counting shipments by status failed; trying again in {}", interval, e);
            }
        }, Math.min(interval.toMillis(), 5_000), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** After Kafka Streams (which starts in the default phase). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
