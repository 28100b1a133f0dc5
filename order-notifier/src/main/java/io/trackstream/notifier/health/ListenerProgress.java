package io.trackstream.notifier.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;

import io.trackstream.notifier.listener.NotDueYet;

/**
 * Knows, per partition of the listener containers, which record is being worked on and since when. A record is
 * finished once the listener returned or the error handler dead-lettered it; while it is called, retried with
 * back-off and redelivered, it stays unfinished from its first delivery on. A partition whose record stays unfinished
 * longer than the stall timeout is stuck: the consumer makes no progress there, whatever its lag says.
 */
public final class ListenerProgress {

    private record Unfinished(long offset, Instant since, int deliveries) {
    }

    private final Clock clock;
    private final Map<TopicPartition, Unfinished> unfinished = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> revoked = new ConcurrentHashMap<>();

    public ListenerProgress(Clock clock) {
        this.clock = clock;
    }

    void started(TopicPartition partition, long offset) {
        Instant now = clock.instant();
        unfinished.compute(partition, (p, before) -> before != null && before.offset() == offset
                ? new Unfinished(offset, before.since(), before.deliveries() + 1)
                : new Unfinished(offset, now, 1));
    }

    void finished(TopicPartition partition, long offset) {
        unfinished.computeIfPresent(partition, (p, before) -> before.offset() == offset ? null : before);
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(unfinished::remove);
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> revoked.computeIfAbsent(p.topic(), t -> new LongAdder()).increment());
        forget(partitions);
    }

    /** Partitions of {@code topic} taken from this instance's listeners (rebalance) or lost (eviction) so far. */
    public long revoked(String topic) {
        LongAdder count = revoked.get(topic);
        return count == null ? 0 : count.sum();
    }

    /** The partitions whose current record has been unfinished for longer than {@code timeout}, longest first. */
    public List<StuckPartition> stuck(Duration timeout) {
        Instant now = clock.instant();
        return unfinished.entrySet().stream()
                .map(e -> new StuckPartition(e.getKey(), e.getValue().offset(), e.getValue().deliveries(),
                        Duration.between(e.getValue().since(), now)))
                .filter(s -> s.unfinishedFor().compareTo(timeout) > 0)
                .sorted(Comparator.comparing(StuckPartition::unfinishedFor).reversed())
                .toList();
    }

    /** Sees every delivery to the listener and every record it returned from. */
    public RecordInterceptor<String, byte[]> interceptor() {
        return new RecordInterceptor<>() {
            @Override
            public ConsumerRecord<String, byte[]> intercept(ConsumerRecord<String, byte[]> record, Consumer<String, byte[]> consumer) {
                started(partitionOf(record), record.offset());
                return record;
            }

            @Override
            public void success(ConsumerRecord<String, byte[]> record, Consumer<String, byte[]> consumer) {
                finished(partitionOf(record), record.offset());
            }
        };
    }

    /** Sees the error handler give up on a record (dead-lettered): that record is finished too. */
    public RetryListener retryListener() {
        return new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
                if (isWaitForDue(ex)) {
                    // A retry-topic record waiting to be due is not stuck: nothing is being attempted.
                    finished(partitionOf(record), record.offset());
                }
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
                finished(partitionOf(record), record.offset());
            }
        };
    }

    /** Forgets partitions this instance no longer owns, and counts them. */
    public ConsumerAwareRebalanceListener rebalanceListener() {
        return new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                revoked(partitions);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                revoked(partitions);
            }
        };
    }

    private static boolean isWaitForDue(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof NotDueYet) {
                return true;
            }
        }
        return false;
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
