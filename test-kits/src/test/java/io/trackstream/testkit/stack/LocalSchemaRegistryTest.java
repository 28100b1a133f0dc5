package io.trackstream.testkit.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.trackstream.avro.Shipment;
import io.trackstream.fixtures.SeedRecords;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroSerde;
import org.junit.jupiter.api.Test;

/**
 * What only the project's registry does: keep its schemas in its data folder across a restart. The Confluent API it
 * serves is checked against the real registry's by {@code SchemaRegistryContractTest}.
 */
class LocalSchemaRegistryTest {

    @Test
    void aRecordWrittenByOneProcessIsReadByAnotherEvenAfterTheRegistryRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("local-registry");
        byte[] written;
        try (LocalSchemaRegistry registry = new LocalSchemaRegistry(dataDir, 0)) {
            written = serde(registry, 1).serializer().serialize("shipments.v1", SeedRecords.shipment().build());
        }
        try (LocalSchemaRegistry restarted = new LocalSchemaRegistry(dataDir, 0)) {
            assertThat(serde(restarted, 2).deserializer().deserialize("shipments.v1", written)).isEqualTo(SeedRecords.shipment().build());
        }
    }

    private static SpecificAvroSerde<Shipment> serde(LocalSchemaRegistry registry, int client) {
        return SpecificAvroSerde.of(Shipment.class, config(registry, client), false);
    }

    /** A distinct timeout per client keeps clients (and their caches) apart, as in separate processes. */
    private static Map<String, String> config(LocalSchemaRegistry registry, int client) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(), AvroSerdeConfig.REQUEST_TIMEOUT_MS, String.valueOf(10_000 + client));
    }
}
