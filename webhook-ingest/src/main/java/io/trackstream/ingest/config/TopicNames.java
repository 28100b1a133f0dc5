package io.trackstream.ingest.config;

import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The topics this app writes, from {@code trackstream.topics.*} (defaults in application.yml, see docs/conventions.md). */
@ConfigurationProperties("trackstream.topics")
public record TopicNames(String raw, String rejected, String registrations) {

    public TopicNames {
        Objects.requireNonNull(raw, "trackstream.topics.raw is required");
        Objects.requireNonNull(rejected, "trackstream.topics.rejected is required");
        Objects.requireNonNull(registrations, "trackstream.topics.registrations is required");
    }
}
