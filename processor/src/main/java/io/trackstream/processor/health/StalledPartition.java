package io.trackstream.processor.health;

import java.time.Duration;

import org.apache.kafka.common.TopicPartition;

/** An input partition with records to process whose committed offset has not moved for {@code noProgressFor}. */
public record StalledPartition(TopicPartition partition, long lag, long committedOffset, Duration noProgressFor) {
}
