package io.trackstream.pollers.targets;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.PollTarget;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link PollTargetRegistry} equal to the compacted poll-target topic's partitions assigned to this
 * instance. The topic is the whole truth (a compacted table), so on assignment a partition is read again from its
 * beginning rather than from a committed offset.
 */
@Component
public class PollTargetListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(PollTargetListener.class);

    /** Terminal parcel states (DESIGN.md): nothing more will happen, so there is nothing to poll. */
    private static final Set<CanonicalStatus> TERMINAL = EnumSet.of(CanonicalStatus.DELIVERED,
            CanonicalStatus.RETURNED_TO_SENDER, CanonicalStatus.CANCELLED, CanonicalStatus.EXPIRED);

    private final PollTargetRegistry registry;
    private final PollTargetLoading loading;

    public PollTargetListener(PollTargetRegistry registry, PollTargetLoading loading) {
        this.registry = registry;
        this.loading = loading;
    }

    @KafkaListener(id = "poll-targets", idIsGroup = false, topics = "#{@topicNames.pollTargets()}",
            containerFactory = "pollTargetContainerFactory")
    public void onRecord(ConsumerRecord<String, PollTarget> record, Consumer<?, ?> consumer) {
        apply(record);
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        loading.readUpTo(tp, consumer == null ? record.offset() + 1 : consumer.position(tp));
    }

    void apply(ConsumerRecord<String, PollTarget> record) {
        if (record.key() == null) {
            log.warn("Ignoring poll target without a parcel key at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        if (record.value() == null || TERMINAL.contains(record.value().getCurrentStatus())) {
            // A tombstone, or (defensively) a target whose parcel is already terminal: stop polling it.
            registry.remove(record.partition(), record.key());
            return;
        }
        try {
            registry.put(record.partition(), record.key(), PollTargetConverter.toEntry(record.value()));
        } catch (IllegalArgumentException | NullPointerException e) {
            log.warn("Ignoring poll target {} that names no usable parcel: {}", record.key(), e.getMessage());
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        registry.assigned(assignments.keySet().stream().map(TopicPartition::partition).toList());
        callback.seekToBeginning(assignments.keySet());
        log.info("Polling the targets of partitions {}", assignments.keySet());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        registry.revoked(partitions.stream().map(TopicPartition::partition).toList());
        if (!partitions.isEmpty()) {
            log.info("No longer polling the targets of partitions {}", partitions);
        }
    }
}
