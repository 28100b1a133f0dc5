package io.trackstream.topics;

import java.util.Map;

/**
 * A topic of the public contract: its name, the {@code trackstream.topics.<property>} that can rename it, partitions,
 * cleanup policy and what its records are.
 */
public record TopicSpec(String name, String property, int partitions, String cleanupPolicy, String key, String value) {

    public boolean compacted() {
        return cleanupPolicy.contains("compact");
    }

    /** Topic configs to create it with. */
    public Map<String, String> configs() {
        return Map.of("cleanup.policy", cleanupPolicy);
    }

    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, property, count, cleanupPolicy, key, value);
    }
}
