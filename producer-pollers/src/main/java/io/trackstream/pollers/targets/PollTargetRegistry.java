package io.trackstream.pollers.targets;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The parcels this instance polls: exactly those on the poll-target partitions Kafka assigned to it. A partition's
 * targets are rebuilt from its beginning when it is assigned and forgotten when it is revoked, so instances never
 * poll the same parcel and need no coordination beyond the consumer group.
 */
@Component
public class PollTargetRegistry {

    public static final String GAUGE = "trackstream.pollers.poll-targets";

    private final Map<Integer, Map<String, PollTargetEntry>> byPartition = new ConcurrentHashMap<>();

    public PollTargetRegistry(MeterRegistry meters) {
        Gauge.builder(GAUGE, this, PollTargetRegistry::size)
                .description("Parcels this instance polls (targets on its assigned partitions)").register(meters);
    }

    /** Newly assigned partitions start empty; their records are about to be read from the beginning. */
    public void assigned(Collection<Integer> partitions) {
        partitions.forEach(p -> byPartition.put(p, new ConcurrentHashMap<>()));
    }

    /** Another instance polls these partitions now. */
    public void revoked(Collection<Integer> partitions) {
        partitions.forEach(byPartition::remove);
    }

    public void put(int partition, String parcelKey, PollTargetEntry entry) {
        byPartition.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(parcelKey, entry);
    }

    /** A tombstone: the parcel reached a terminal state, stop polling it. */
    public void remove(int partition, String parcelKey) {
        Map<String, PollTargetEntry> targets = byPartition.get(partition);
        if (targets != null) {
            targets.remove(parcelKey);
        }
    }

    public List<PollTargetEntry> targets(String provider) {
        return byPartition.values().stream().flatMap(m -> m.values().stream())
                .filter(t -> t.provider().equals(provider)).toList();
    }

    public List<PollTargetEntry> all() {
        return byPartition.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    public Set<Integer> partitions() {
        return Set.copyOf(byPartition.keySet());
    }

    public int size() {
        return byPartition.values().stream().mapToInt(Map::size).sum();
    }
}
