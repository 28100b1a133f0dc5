package io.trackstream.pollers.targets;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.trackstream.contract.ParcelKey;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The parcels this instance polls: exactly those on the poll-target partitions Kafka assigned to it. A partition's
 * targets are rebuilt from its beginning when it is assigned and forgotten when it is revoked, so instances never
 * poll the same parcel and need no coordination beyond the consumer group. A partition counts as loaded once its
 * reader has reached the end offset it had when it was assigned; a cycle plans only when every partition is.
 * A parcel that answers "not found" on {@code parkAfterNotFound} polls in a row is parked: not polled again until a
 * poll target that polls it differently (another reference, account or provider) arrives.
 */
@Component
public class PollTargetRegistry {

    public static final String GAUGE = "trackstream.pollers.poll-targets";

    public static final String PARKED_GAUGE = "trackstream.pollers.parked-targets";

    private final Map<Integer, Map<String, PollTargetEntry>> byPartition = new ConcurrentHashMap<>();
    /** Partitions still being read up to their end offset at assignment. */
    private final Set<Integer> loading = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> notFoundStreaks = new ConcurrentHashMap<>();
    private final Map<String, PollTargetEntry> parked = new ConcurrentHashMap<>();

    public PollTargetRegistry(MeterRegistry meters) {
        Gauge.builder(GAUGE, this, PollTargetRegistry::size)
                .description("Parcels this instance polls (targets on its assigned partitions)").register(meters);
        Gauge.builder(PARKED_GAUGE, parked, Map::size)
                .description("Parcels not polled any more: their provider answered not found too often in a row").register(meters);
    }

    /** Newly assigned partitions start empty; their records are about to be read from the beginning. */
    public void assigned(Collection<Integer> partitions) {
        partitions.forEach(p -> {
            byPartition.put(p, new ConcurrentHashMap<>());
            loading.add(p);
        });
    }

    /** The partition's reader reached the end offset it had at assignment. */
    public void loaded(int partition) {
        loading.remove(partition);
    }

    /** Whether every assigned partition has been read up to its end at assignment. */
    public boolean loaded() {
        return loading.isEmpty();
    }

    /** Another instance polls these partitions now. */
    public void revoked(Collection<Integer> partitions) {
        partitions.forEach(p -> {
            byPartition.remove(p);
            loading.remove(p);
        });
    }

    public void put(int partition, String parcelKey, PollTargetEntry entry) {
        PollTargetEntry wasParked = parked.get(parcelKey);
        if (wasParked != null && !samePolling(wasParked, entry)) {
            parked.remove(parcelKey);
            notFoundStreaks.remove(parcelKey);
        }
        byPartition.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(parcelKey, entry);
    }

    /** Whether this instance still polls the parcel: its partition is still assigned here, and it is not parked. */
    public boolean polls(String parcelKey) {
        return !parked.containsKey(parcelKey) && byPartition.values().stream().anyMatch(m -> m.containsKey(parcelKey));
    }

    /**
     * The digest of the event keys the processor holds for the parcel, as its latest poll target on this instance
     * says; null when unknown (not polled here, or a target without one).
     */
    public String eventKeyDigest(ParcelKey parcel) {
        String key = parcel.toString();
        for (Map<String, PollTargetEntry> targets : byPartition.values()) {
            PollTargetEntry entry = targets.get(key);
            if (entry != null) {
                return entry.eventKeyDigest();
            }
        }
        return null;
    }

    /** The parcels answered; their not-found streaks end. */
    public void found(Collection<PollTargetEntry> targets) {
        targets.forEach(t -> notFoundStreaks.remove(t.parcel().toString()));
    }

    /** The provider answered 404 or 410 for these parcels; returns those that are now parked. */
    public List<PollTargetEntry> notFound(Collection<PollTargetEntry> targets, int parkAfter) {
        List<PollTargetEntry> parkedNow = new java.util.ArrayList<>();
        for (PollTargetEntry target : targets) {
            String key = target.parcel().toString();
            if (notFoundStreaks.merge(key, 1, Integer::sum) >= parkAfter && parked.putIfAbsent(key, target) == null) {
                parkedNow.add(target);
            }
        }
        return parkedNow;
    }

    public boolean parked(String parcelKey) {
        return parked.containsKey(parcelKey);
    }

    private static boolean samePolling(PollTargetEntry a, PollTargetEntry b) {
        return a.provider().equals(b.provider()) && a.reference().equals(b.reference())
                && java.util.Objects.equals(a.carrierAccount(), b.carrierAccount());
    }

    /** A tombstone: the parcel reached a terminal state, stop polling it. */
    public void remove(int partition, String parcelKey) {
        parked.remove(parcelKey);
        notFoundStreaks.remove(parcelKey);
        Map<String, PollTargetEntry> targets = byPartition.get(partition);
        if (targets != null) {
            targets.remove(parcelKey);
        }
    }

    /** The parcels of a provider this instance polls (parked ones left out). */
    public List<PollTargetEntry> targets(String provider) {
        return byPartition.values().stream().flatMap(m -> m.values().stream())
                .filter(t -> t.provider().equals(provider) && !parked.containsKey(t.parcel().toString())).toList();
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
