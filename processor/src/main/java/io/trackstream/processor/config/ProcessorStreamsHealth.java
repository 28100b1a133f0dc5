package io.trackstream.processor.config;

import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health contributor "streams", part of liveness and readiness: UP while Kafka Streams runs or rebalances, DOWN once
 * it has stopped or failed (only a restart brings it back). The state and the stream threads' states are in the
 * details. Whether the running tasks make progress is {@code StreamsProgressHealth}'s question.
 */
public class ProcessorStreamsHealth implements HealthIndicator {

    private final ProcessorStreams streams;

    public ProcessorStreamsHealth(ProcessorStreams streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        KafkaStreams running = streams.streams();
        if (running == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = running.state();
        if (!state.isRunningOrRebalancing()) {
            return Health.down().withDetail("state", state.name()).build();
        }
        return Health.up().withDetail("state", state.name())
                .withDetail("threads", running.metadataForLocalThreads().stream()
                        .collect(Collectors.toMap(ThreadMetadata::threadName, ThreadMetadata::threadState, (a, b) -> a, TreeMap::new)))
                .build();
    }
}
