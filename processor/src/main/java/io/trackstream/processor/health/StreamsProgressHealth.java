package io.trackstream.processor.health;

import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of readiness: DOWN while an input partition is stalled (lag, and no committed progress for longer than the
 * stall timeout), or while stream threads keep dying and being replaced. Kafka Streams still says RUNNING in both
 * cases, which is why its state alone is not enough.
 */
public class StreamsProgressHealth implements HealthIndicator {

    private final StreamsProgress progress;
    private final ThreadReplacements replacements;
    private final ProcessorHealthProperties properties;

    public StreamsProgressHealth(StreamsProgress progress, ThreadReplacements replacements, ProcessorHealthProperties properties) {
        this.progress = progress;
        this.replacements = replacements;
        this.properties = properties;
    }

    @Override
    public Health health() {
        List<StalledPartition> stalled = progress.sample();
        int replaced = replacements.within(properties.threadReplacementWindow());
        boolean replacementLoop = replaced >= properties.threadReplacementLimit();
        Health.Builder health = stalled.isEmpty() && !replacementLoop ? Health.up() : Health.down();
        return health
                .withDetail("stalledPartitions", stalled.stream().map(s -> Map.of(
                        "partition", s.partition().toString(),
                        "lag", s.lag(),
                        "committedOffset", s.committedOffset(),
                        "noProgressFor", s.noProgressFor().toString())).toList())
                .withDetail("stallTimeout", properties.stallTimeout().toString())
                .withDetail("threadsReplaced", Map.of(
                        "within", properties.threadReplacementWindow().toString(),
                        "count", replaced,
                        "limit", properties.threadReplacementLimit(),
                        "sinceStart", replacements.total()))
                .build();
    }
}
