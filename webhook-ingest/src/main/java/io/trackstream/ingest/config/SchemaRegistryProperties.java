package io.trackstream.ingest.config;

import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the Avro serializer registers schemas: {@code trackstream.schema-registry-url} (mock://scope or http(s)://). */
@ConfigurationProperties("trackstream")
public record SchemaRegistryProperties(String schemaRegistryUrl) {

    public SchemaRegistryProperties {
        Objects.requireNonNull(schemaRegistryUrl, "trackstream.schema-registry-url is required");
    }
}
