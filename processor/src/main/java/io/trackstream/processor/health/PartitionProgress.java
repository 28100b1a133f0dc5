package io.trackstream.processor.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * Remembers, per input partition of this instance's active tasks, since when it has had lag without its committed
 * offset moving. A partition without lag, or whose committed offset moved, is making progress; a partition no longer
 * assigned here is forgotten. Not thread-safe on its own: {@link StreamsProgress} serialises the calls.
 */
final class PartitionProgress {

    /** What a task reports for one of its input partitions; a committed offset below 0 means none yet. */
    record Offsets(long committed, long end) {
        long lag() {
            return Math.max(0, end - Math.max(0, committed));
        }
    }

    private record Seen(long committed, Instant progressAt) {
    }

    private final Map<TopicPartition, Seen> seen = new HashMap<>();
    private Map<TopicPartition, Offsets> latest = Map.of();

    void observe(Map<TopicPartition, Offsets> offsets, Instant now) {
        seen.keySet().retainAll(offsets.keySet());
        offsets.forEach((partition, o) -> {
            Seen before = seen.get(partition);
            if (before == null || before.committed() != o.committed() || o.lag() == 0) {
                seen.put(partition, new Seen(o.committed(), now));
            }
        });
        latest = Map.copyOf(offsets);
    }

    /** The partitions with lag whose committed offset has not moved for longer than {@code timeout}, longest first. */
    List<StalledPartition> stalled(Duration timeout, Instant now) {
        return seen.entrySet().stream()
                .filter(e -> latest.get(e.getKey()).lag() > 0)
                .filter(e -> Duration.between(e.getValue().progressAt(), now).compareTo(timeout) > 0)
                .map(e -> new StalledPartition(e.getKey(), latest.get(e.getKey()).lag(), e.getValue().committed(),
                        Duration.between(e.getValue().progressAt(), now)))
                .sorted(Comparator.comparing(StalledPartition::noProgressFor).reversed())
                .toList();
    }
}
