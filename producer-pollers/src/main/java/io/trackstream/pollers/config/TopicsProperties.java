package io.trackstream.pollers.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The topics this app uses, bound from {@code trackstream.topics.*} (defaults in application.yml, docs/conventions.md). */
@ConfigurationProperties("trackstream.topics")
public record TopicsProperties(String raw, String rejected, String pollTargets, String shipments) {

    public TopicsProperties {
        require(raw, "trackstream.topics.raw");
        require(rejected, "trackstream.topics.rejected");
        require(pollTargets, "trackstream.topics.poll-targets");
        require(shipments, "trackstream.topics.shipments");
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }
}
