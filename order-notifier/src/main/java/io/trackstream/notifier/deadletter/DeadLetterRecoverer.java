package io.trackstream.notifier.deadletter;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.Target;

/**
 * The last word on a record that could not be delivered: spring-kafka's {@link DeadLetterPublishingRecoverer}
 * writes it, with its original key, value and headers plus the reason, to the dead letter topic and waits for the
 * broker's acknowledgement (it throws if the write fails, so the record is retried rather than its offset committed).
 * Only then is the dead letter counted and the offset committed by the container.
 */
public class DeadLetterRecoverer implements ConsumerAwareRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

    private final DeadLetterPublishingRecoverer publisher;
    private final TopicTargets targets;
    private final NotifierMetrics metrics;

    public DeadLetterRecoverer(DeadLetterPublishingRecoverer publisher, TopicTargets targets, NotifierMetrics metrics) {
        this.publisher = publisher;
        this.targets = targets;
        this.metrics = metrics;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        publisher.accept(record, consumer, exception);
        Target target = targets.of(record);
        FailureReason reason = DeadLetterHeaders.reasonOf(exception);
        metrics.deadLetter(target, reason);
        Throwable failure = DeadLetterHeaders.notificationFailure(exception);
        log.warn("Dead-lettered {}-{}@{} key {} for {}: {} ({})", record.topic(), record.partition(), record.offset(),
                record.key(), target.tag(), reason, (failure != null ? failure : exception).getMessage());
    }
}
