package io.trackstream.pollers.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings shared by every trackstream app that this one reads: where the schema registry is ({@code mock://scope} in tests). */
@ConfigurationProperties("trackstream")
public record TrackstreamProperties(String schemaRegistryUrl) {

    public TrackstreamProperties {
        if (schemaRegistryUrl == null || schemaRegistryUrl.isBlank()) {
            throw new IllegalArgumentException("trackstream.schema-registry-url must be set");
        }
    }
}
