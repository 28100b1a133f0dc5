package io.trackstream.pollers.targets;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import io.trackstream.pollers.resilience.RateShare;

/**
 * Knows when a newly assigned poll-target partition has been read up to where it ended at assignment, and tells the
 * registry: until then its targets are incomplete, and a cycle planned from them would skip parcels.
 */
@Component
public class PollTargetLoading implements ConsumerAwareRebalanceListener {

    private final PollTargetRegistry registry;
    private final RateShare rateShare;
    private final Map<TopicPartition, Long> endAtAssignment = new ConcurrentHashMap<>();

    public PollTargetLoading(PollTargetRegistry registry, RateShare rateShare) {
        this.registry = registry;
        this.rateShare = rateShare;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        var infos = consumer.partitionsFor(partitions.iterator().next().topic());
        if (infos != null && !infos.isEmpty()) {
            rateShare.totalPartitions(infos.size());
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
        for (TopicPartition tp : partitions) {
            long end = ends.getOrDefault(tp, 0L);
            if (end <= begins.getOrDefault(tp, 0L)) {
                registry.loaded(tp.partition());
            } else {
                endAtAssignment.put(tp, end);
            }
        }
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(endAtAssignment::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(endAtAssignment::remove);
    }

    /** The reader's position after a record of {@code partition}. */
    public void readUpTo(TopicPartition partition, long position) {
        Long end = endAtAssignment.get(partition);
        if (end != null && position >= end) {
            endAtAssignment.remove(partition);
            registry.loaded(partition.partition());
        }
    }
}
