package io.trackstream.notifier.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.trackstream.fixtures.MutableClock;

/** Which record a partition is stuck on, from the listener's and the error handler's point of view. */
class ListenerProgressTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final TopicPartition AUTO_CLOSE_0 = new TopicPartition("orders.auto-close.v1", 0);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final ListenerProgress progress = new ListenerProgress(clock);

    @Test
    void aRecordRedeliveredForRetriesStaysUnfinishedFromItsFirstDelivery() {
        ConsumerRecord<String, byte[]> record = record(41);
        for (int attempt = 0; attempt < 4; attempt++) {
            progress.interceptor().intercept(record, null);
            progress.interceptor().failure(record, new IllegalStateException("503"), null);
            clock.advance(Duration.ofMinutes(2));
        }

        assertThat(progress.stuck(TIMEOUT)).singleElement().satisfies(stuck -> {
            assertThat(stuck.partition()).isEqualTo(AUTO_CLOSE_0);
            assertThat(stuck.offset()).isEqualTo(41);
            assertThat(stuck.deliveries()).isEqualTo(4);
            assertThat(stuck.unfinishedFor()).isEqualTo(Duration.ofMinutes(8));
        });
    }

    @Test
    void aRecordTheListenerReturnedFromOrTheErrorHandlerDeadLetteredIsFinished() {
        progress.interceptor().intercept(record(1), null);
        progress.interceptor().success(record(1), null);
        progress.interceptor().intercept(record(2), null);
        progress.retryListener().recovered(record(2), new IllegalStateException("400"));
        clock.advance(Duration.ofHours(1));

        assertThat(progress.stuck(TIMEOUT)).isEmpty();
    }

    @Test
    void theNextRecordOfAPartitionStartsItsOwnClock() {
        progress.interceptor().intercept(record(1), null);
        clock.advance(Duration.ofMinutes(4));
        progress.interceptor().intercept(record(2), null);
        clock.advance(Duration.ofMinutes(4));

        assertThat(progress.stuck(TIMEOUT)).isEmpty();
    }

    @Test
    void aPartitionTakenAwayByARebalanceIsForgotten() {
        progress.interceptor().intercept(record(7), null);
        progress.rebalanceListener().onPartitionsRevokedAfterCommit(null, List.of(AUTO_CLOSE_0));
        clock.advance(Duration.ofHours(1));

        assertThat(progress.stuck(TIMEOUT)).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> record(long offset) {
        return new ConsumerRecord<>(AUTO_CLOSE_0.topic(), AUTO_CLOSE_0.partition(), offset, "order-" + offset, new byte[0]);
    }
}
