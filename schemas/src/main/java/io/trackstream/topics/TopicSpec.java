package io.trackstream.topics;

import java.util.Map;

/** A topic of the public contract: its name, partitions, cleanup policy and what its records are. */
public record TopicSpec(String name, int partitions, String cleanupPolicy, String key, String value) {

    public boolean compacted() {
        return cleanupPolicy.contains("compact");
    }

    /** Topic configs to create it with. */
    public Map<String, String> configs() {
        return Map.of("cleanup.policy", cleanupPolicy);
    }

    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, cleanupPolicy, key, value);
    }
}
