package io.trackstream.notifier.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings shared by every trackstream app that the notifier needs: where the Avro schemas are registered. */
@ConfigurationProperties("trackstream")
public record TrackstreamProperties(@DefaultValue("mock://trackstream") String schemaRegistryUrl) {
}
