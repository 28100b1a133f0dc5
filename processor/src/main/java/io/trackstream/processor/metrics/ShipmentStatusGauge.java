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
import io.trackstream.avro.ShipmentStatus;

/**
 * {@code trackstream.processor.shipments{status}}: how many shipments this instance holds in each status, for the
 * dashboard (summed over instances: each counts the partitions it runs, never a standby copy). Read every interval,
 * on its own thread, from {@code shipment-status-counts-store}, which the shipment processor keeps with each status
 * change: a few keys per task, whatever the number of shipments, so the figure is at most one interval old and costs
 * next to nothing. (It used to decode every shipment of the store each interval: 15 s of CPU for a million.) The
 * gauges appear after the first read, so a dashboard never shows zeros that were never counted.
 */
public final class ShipmentStatusGauge implements SmartLifecycle {

    static final String NAME = "trackstream.processor.shipments";
    private static final Logger log = LoggerFactory.getLogger(ShipmentStatusGauge.class);

    private final Supplier<Optional<ReadOnlyKeyValueStore<String, Long>>> localCounts;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<ShipmentStatus, AtomicLong> counts = new EnumMap<>(ShipmentStatus.class);
    private volatile boolean registered;
    private ScheduledExecutorService scheduler;

    /**
     * @param localCounts the status counts of this instance's active tasks (key: status name), when Streams is
     *                    running; keys that are no status name are skipped
     */
    public ShipmentStatusGauge(Supplier<Optional<ReadOnlyKeyValueStore<String, Long>>> localCounts, MeterRegistry registry,
                               Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("trackstream.processor.shipment-gauge-interval must be positive, was " + interval);
        }
        this.localCounts = localCounts;
        this.registry = registry;
        this.interval = interval;
        for (ShipmentStatus status : ShipmentStatus.values()) {
            counts.put(status, new AtomicLong());
        }
    }

    /** Reads the counts once; false when the store cannot be read now (not running yet, rebalancing). */
    boolean refresh() {
        Optional<ReadOnlyKeyValueStore<String, Long>> store = localCounts.get();
        if (store.isEmpty()) {
            return false;
        }
        long start = System.nanoTime();
        Map<ShipmentStatus, Long> tally = new EnumMap<>(ShipmentStatus.class);
        long total = 0;
        // over every local task's store in turn: the same status appears once per task, and the sum is the instance's
        try (KeyValueIterator<String, Long> all = store.get().all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> next = all.next();
                ShipmentStatus status = statusNamed(next.key);
                if (status != null && next.value != null) {
                    tally.merge(status, next.value, Long::sum);
                    total += next.value;
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

    private static ShipmentStatus statusNamed(String key) {
        for (ShipmentStatus status : ShipmentStatus.values()) {
            if (status.name().equals(key)) {
                return status;
            }
        }
        return null;
    }

    private void registerOnce() {
        if (registered) {
            return;
        }
        counts.forEach((status, count) -> Gauge.builder(NAME, count, AtomicLong::get)
                .description("Shipments held by this instance, by status (the local status counts, read every interval)")
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
