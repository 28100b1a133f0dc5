package io.trackstream.notifier.listener;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

import io.trackstream.notifier.deadletter.TopicTargets;
import io.trackstream.notifier.outcome.Target;

/**
 * Consumes one of the notifier's own topics that carry records of both kinds: the replay topic, where the replay
 * command writes dead letters, and the retry topic, where records wait for their order system. Each record goes to the
 * listener of its order system (its {@code trackstream-replay-target} or {@code trackstream-wait-target} header),
 * which handles it exactly as the original. A shop update is judged against the versions every instance has applied
 * up to now ({@code catchUp}), since it may come long after a newer change reached the shop.
 */
public final class ReplayListener implements MessageListener<String, byte[]> {

    private final TopicTargets targets;
    private final MessageListener<String, byte[]> autoClose;
    private final MessageListener<String, byte[]> statusChanges;
    private final Runnable catchUpShopVersions;

    public ReplayListener(TopicTargets targets, MessageListener<String, byte[]> autoClose,
            MessageListener<String, byte[]> statusChanges, Runnable catchUpShopVersions) {
        this.targets = targets;
        this.autoClose = autoClose;
        this.statusChanges = statusChanges;
        this.catchUpShopVersions = catchUpShopVersions;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        if (targets.of(record) == Target.CARRIYO) {
            autoClose.onMessage(record);
            return;
        }
        catchUpShopVersions.run();
        statusChanges.onMessage(record);
    }
}
