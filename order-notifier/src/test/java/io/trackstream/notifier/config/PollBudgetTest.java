package io.trackstream.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** The worst poll, twice over, fits in max.poll.interval.ms, or the app does not start. */
class PollBudgetTest {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(5);
    private static final Duration HAND_OFF = Duration.ofSeconds(10);

    @Test
    void derivesTheBatchFromTheTimeoutsAndTheDefaultInterval() {
        PollBudget budget = PollBudget.of(Map.of(), CONNECT, READ, HAND_OFF);

        // 300 s / (17 s x 2)
        assertThat(budget.maxPollRecords()).isEqualTo(8);
        assertThat(budget.worstRecord()).isEqualTo(Duration.ofSeconds(17));
        assertThat(budget.consumerConfig()).containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 8)
                .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
    }

    @Test
    void followsAnExplicitInterval() {
        PollBudget budget = PollBudget.of(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "600000"), CONNECT, READ, HAND_OFF);

        assertThat(budget.maxPollRecords()).isEqualTo(17);
    }

    @Test
    void keepsAnExplicitBatchThatFits() {
        assertThat(PollBudget.of(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5), CONNECT, READ, HAND_OFF)
                .maxPollRecords()).isEqualTo(5);
    }

    /** The old default: 100 records of 5 s calls against 300 s. */
    @Test
    void refusesAnExplicitBatchThatDoesNotFit() {
        assertThatThrownBy(() -> PollBudget.of(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100), CONNECT, READ, HAND_OFF))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max-poll-records=100")
                .hasMessageContaining("use at most 8");
    }

    @Test
    void refusesAnIntervalThatCannotFitOneRecord() {
        assertThatThrownBy(() -> PollBudget.of(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 20_000), CONNECT, READ, HAND_OFF))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 34000");
    }
}
