package io.trackstream.notifier.health;

import java.time.Duration;

import org.apache.kafka.common.TopicPartition;

/** A partition whose record at {@code offset} has been started and not finished for {@code unfinishedFor}. */
public record StuckPartition(TopicPartition partition, long offset, int deliveries, Duration unfinishedFor) {
}
