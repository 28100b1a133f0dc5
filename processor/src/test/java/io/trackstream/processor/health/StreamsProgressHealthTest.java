package io.trackstream.processor.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.trackstream.fixtures.MutableClock;

/**
 * Readiness of the processor beyond "Kafka Streams says RUNNING": a partition with lag and no committed progress for
 * longer than the stall timeout, or stream threads replaced in a loop, make it not ready.
 */
class StreamsProgressHealthTest {

    private static final TopicPartition RAW_0 = new TopicPartition("tracking.raw.v1", 0);
    private static final TopicPartition RAW_1 = new TopicPartition("tracking.raw.v1", 1);
    private static final ProcessorHealthProperties PROPERTIES =
            new ProcessorHealthProperties(Duration.ofMinutes(2), 3, Duration.ofMinutes(10), Duration.ofSeconds(5));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final KafkaStreams streams = mock(KafkaStreams.class);
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<TopicPartition, Long> end = new HashMap<>();
    private final ThreadReplacements replacements = new ThreadReplacements(clock);
    private final StreamsProgressHealth health = new StreamsProgressHealth(
            new StreamsProgress(() -> streams, PROPERTIES, clock), replacements, PROPERTIES);

    StreamsProgressHealthTest() {
        when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
        TaskMetadata task = mock(TaskMetadata.class);
        when(task.topicPartitions()).thenReturn(Set.of(RAW_0, RAW_1));
        when(task.committedOffsets()).thenAnswer(i -> Map.copyOf(committed));
        when(task.endOffsets()).thenAnswer(i -> Map.copyOf(end));
        ThreadMetadata thread = mock(ThreadMetadata.class);
        when(thread.activeTasks()).thenReturn(Set.of(task));
        when(streams.metadataForLocalThreads()).thenReturn(Set.of(thread));
        offsets(RAW_0, 10, 10);
        offsets(RAW_1, 20, 20);
    }

    @Test
    void givenAPartitionWithLagWhoseCommittedOffsetDoesNotMove_whenLongerThanTheStallTimeout_thenNotReady() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        // Given partition 1 gets records its task never gets past
        offsets(RAW_1, 20, 25);
        clock.advance(Duration.ofMinutes(1));
        assertThat(health.health().getStatus()).as("within the stall timeout").isEqualTo(Status.UP);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        // Then the processor is not ready, and says which partition and how far behind
        Health stalled = health.health();
        assertThat(stalled.getStatus()).isEqualTo(Status.DOWN);
        assertThat(stalledPartitions(stalled)).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("partition", "tracking.raw.v1-1").containsEntry("lag", 5L)
                    .containsEntry("committedOffset", 20L);
            assertThat(Duration.parse((String) p.get("noProgressFor"))).isGreaterThan(Duration.ofMinutes(2));
        });

        // When the task gets past the record, the processor is ready again at once
        offsets(RAW_1, 21, 25);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void givenAPartitionThatKeepsCommittingBehindAGrowingEnd_thenItIsSlowButNotStalled() {
        for (int minute = 1; minute <= 5; minute++) {
            offsets(RAW_0, 10 + minute, 100 + 10 * minute);
            clock.advance(Duration.ofMinutes(1));
            assertThat(health.health().getStatus()).as("minute %d", minute).isEqualTo(Status.UP);
        }
    }

    @Test
    void givenAnIdlePartitionWithoutLag_thenItIsNeverStalled() {
        clock.advance(Duration.ofHours(1));

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void givenATaskThatNeverCommittedAndHasRecords_whenLongerThanTheStallTimeout_thenNotReady() {
        committed.remove(RAW_0);
        end.put(RAW_0, 3L);
        health.health();
        clock.advance(Duration.ofMinutes(3));

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void givenStreamsRebalancing_thenNothingIsStalledAndTheTimerStartsAgainOnceRunning() {
        offsets(RAW_1, 20, 25);
        health.health();
        when(streams.state()).thenReturn(KafkaStreams.State.REBALANCING);
        clock.advance(Duration.ofMinutes(3));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
        assertThat(health.health().getStatus()).as("just back to RUNNING").isEqualTo(Status.UP);
        clock.advance(Duration.ofMinutes(3));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void givenOneStreamThreadReplaced_thenStillReady_butThreeWithinTheWindowAreALoop() {
        replacements.record();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        clock.advance(Duration.ofMinutes(1));
        replacements.record();
        clock.advance(Duration.ofMinutes(1));
        replacements.record();
        Health looping = health.health();
        assertThat(looping.getStatus()).isEqualTo(Status.DOWN);
        assertThat(looping.getDetails().get("threadsReplaced")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("count", 3).containsEntry("limit", 3).containsEntry("sinceStart", 3L);

        // Once the loop has stopped for a whole window, ready again
        clock.advance(Duration.ofMinutes(10));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    private void offsets(TopicPartition partition, long committedOffset, long endOffset) {
        committed.put(partition, committedOffset);
        end.put(partition, endOffset);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stalledPartitions(Health health) {
        return (List<Map<String, Object>>) health.getDetails().get("stalledPartitions");
    }
}
