package io.trackstream.notifier.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

/**
 * Consumes the retry topic: a record that is not due yet is answered with {@link NotDueYet} (the error handler pauses
 * this consumer until it is); a due one goes to the listener of its order system, which calls (or, while the
 * circuit is still open, puts it back to wait).
 */
public final class WaitingListener implements MessageListener<String, byte[]> {

    private final MessageListener<String, byte[]> byTarget;
    private final Clock clock;

    public WaitingListener(MessageListener<String, byte[]> byTarget, Clock clock) {
        this.byTarget = byTarget;
        this.clock = clock;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        Optional<Instant> due = WaitHeaders.due(record);
        Instant now = clock.instant();
        if (due.isPresent() && now.isBefore(due.get())) {
            throw new NotDueYet(Duration.between(now, due.get()));
        }
        byTarget.onMessage(record);
    }
}
