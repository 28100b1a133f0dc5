package io.trackstream.notifier.deadletter;

import java.nio.charset.StandardCharsets;

import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.trackstream.notifier.listener.WaitHeaders;
import io.trackstream.notifier.outcome.Target;

/**
 * Which order system a consumed record is for: by its topic, and for a replayed or waiting record (the notifier's
 * replay and retry topics carry both kinds) by its {@link DeadLetterHeaders#REPLAY_TARGET} or
 * {@link WaitHeaders#TARGET} header.
 */
public record TopicTargets(TopicNames topics) {

    public Target of(String topic) {
        return topics.autoClose().equals(topic) ? Target.CARRIYO : Target.SHOP;
    }

    public Target of(ConsumerRecord<?, ?> record) {
        String header = topics.notifierReplay().equals(record.topic()) ? DeadLetterHeaders.REPLAY_TARGET
                : topics.notifierRetry().equals(record.topic()) ? WaitHeaders.TARGET : null;
        if (header != null) {
            Header target = record.headers().lastHeader(header);
            if (target != null && target.value() != null) {
                try {
                    return Target.fromTag(new String(target.value(), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException unknown) {
                    // fall through: a replay without a known target is the shop's by the topic rule, and fails there
                }
            }
        }
        return of(record.topic());
    }
}
