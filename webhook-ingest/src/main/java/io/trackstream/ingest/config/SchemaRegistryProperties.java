package io.trackstream.ingest.config;


import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the Avro serializer registers schemas: {@code trackstream.schema-registry-url} (mock://scope or http(s)://). */
@ConfigurationProperties("trackstream")
public record SchemaRegistryProperties(String schemaRegistryUrl) {

    public SchemaRegistryProperties {
        schemaRegistryUrl = io.trackstream.serde.AvroSerdeConfig.requireRegistryUrl(schemaRegistryUrl);
    }
}
