package io.trackstream.notifier.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings shared by every trackstream app that the notifier needs: where the Avro schemas are registered. */
@ConfigurationProperties("trackstream")
public record TrackstreamProperties(String schemaRegistryUrl) {

    public TrackstreamProperties {
        schemaRegistryUrl = io.trackstream.serde.AvroSerdeConfig.requireRegistryUrl(schemaRegistryUrl);
    }
}
