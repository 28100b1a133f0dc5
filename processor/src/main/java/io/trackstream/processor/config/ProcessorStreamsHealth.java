package io.trackstream.processor.config;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while Kafka Streams runs or rebalances; DOWN once it has stopped or failed. The state is in the details. */
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
        Health.Builder health = state.isRunningOrRebalancing() ? Health.up() : Health.down();
        return health.withDetail("state", state.name()).build();
    }
}
