package io.trackstream.testkit.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.fixtures.SeedRecords;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroSerde;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The local registry, driven through the project's own REST client exactly as the apps use it. */
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

    @Test
    void refusesAnIncompatibleChangeWith409() throws Exception {
        try (LocalSchemaRegistry registry = new LocalSchemaRegistry(Files.createTempDirectory("local-registry"), 0)) {
            SpecificAvroSerde<RawTrackingEvent> serde = SpecificAvroSerde.of(RawTrackingEvent.class, config(registry, 3), false);
            serde.serializer().serialize("tracking.raw.v1", SeedRecords.rawEvent().build());
            Schema breaking = SchemaBuilder.record("RawTrackingEvent").namespace("io.trackstream.avro").fields().requiredString("only").endRecord();

            var client = io.trackstream.serde.SchemaRegistryClients.fromConfig(config(registry, 3));
            assertThatThrownBy(() -> client.register("tracking.raw.v1-value", breaking))
                    .hasMessageContaining("HTTP 409").hasMessageContaining("incompatible");
            assertThatThrownBy(() -> client.getSchemaById(999)).hasMessageContaining("40403");
        }
    }

    private static SpecificAvroSerde<Shipment> serde(LocalSchemaRegistry registry, int client) {
        return SpecificAvroSerde.of(Shipment.class, config(registry, client), false);
    }

    /** A distinct timeout per client keeps clients (and their caches) apart, as in separate processes. */
    private static Map<String, String> config(LocalSchemaRegistry registry, int client) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(), AvroSerdeConfig.REQUEST_TIMEOUT_MS, String.valueOf(10_000 + client));
    }


    @Test
    void servesASubjectsLatestVersionAndTheSubjectsOfAnIdAsConsumersAskForThem() throws Exception {
        try (LocalSchemaRegistry registry = new LocalSchemaRegistry(Files.createTempDirectory("local-registry"), 0)) {
            var client = io.trackstream.serde.SchemaRegistryClients.fromConfig(config(registry, 4));
            // one schema under two subjects (a changelog's and the public topic's): one id
            int id = client.register("app-shipments-store-changelog-value", Shipment.getClassSchema());
            assertThat(client.register("shipments.v1-value", Shipment.getClassSchema())).isEqualTo(id);

            var latest = get(registry, "/subjects/shipments.v1-value/versions/latest");
            assertThat(latest.statusCode()).isEqualTo(200);
            var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(latest.body());
            assertThat(body.path("id").asInt()).isEqualTo(id);
            assertThat(body.path("version").asInt()).isEqualTo(1);
            assertThat(new Schema.Parser().parse(body.path("schema").asText())).isEqualTo(Shipment.getClassSchema());
            assertThat(get(registry, "/subjects/shipments.v1-value/versions/1").statusCode()).isEqualTo(200);

            var ofId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(registry, "/schemas/ids/" + id + "/versions").body());
            assertThat(ofId.findValuesAsText("subject")).containsExactlyInAnyOrder("app-shipments-store-changelog-value", "shipments.v1-value");

            // the real registry's error codes
            assertThat(get(registry, "/subjects/nope-value/versions/latest").body()).contains("40401");
            assertThat(get(registry, "/subjects/shipments.v1-value/versions/7").body()).contains("40402");
            assertThat(get(registry, "/schemas/ids/999/versions").body()).contains("40403");
        }
    }

    private static java.net.http.HttpResponse<String> get(LocalSchemaRegistry registry, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry.url() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
