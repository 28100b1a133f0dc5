package io.trackstream.testkit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.fixtures.SeedRecords;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.RestSchemaRegistryClient;
import io.trackstream.serde.SchemaRegistryException;
import io.trackstream.serde.SpecificAvroSerializer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The part of the Confluent Schema Registry API the apps and their consumers rely on, checked against the registry of
 * the kit's backend: Confluent's own image on the container path, the project's {@code LocalSchemaRegistry} here. So
 * the project's registry cannot drift from the real one, and the project's client is known to work with the real one.
 * Each test uses subjects of its own, as the registry is shared by the class.
 */
class SchemaRegistryContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** No registry of a test hands out this many ids. */
    private static final int UNKNOWN_ID = 987_654;

    private static BrokerKit kit;

    @BeforeAll
    static void startKit() {
        kit = BrokerKits.start();
    }

    @AfterAll
    static void closeKit() {
        kit.close();
    }

    @Test
    void theSerdeRegistersTheValueSchemaUnderTheTopicsSubjectAndWritesItsId() throws Exception {
        SpecificAvroSerializer<ShipmentStatusChanged> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kit.schemaRegistryUrl()), false);

        byte[] written = serializer.serialize("contract.status-changes.v1", SeedRecords.statusChanged());

        // TopicNameStrategy: <topic>-value; the Confluent wire format: magic byte 0, then the id
        assertThat(strings(get("/subjects"))).contains("contract.status-changes.v1-value");
        JsonNode latest = json(get("/subjects/contract.status-changes.v1-value/versions/latest"));
        assertThat(written[0]).isZero();
        assertThat(ByteBuffer.wrap(written, 1, 4).getInt()).isEqualTo(latest.path("id").asInt());
        assertThat(new Schema.Parser().parse(latest.path("schema").asText())).isEqualTo(ShipmentStatusChanged.getClassSchema());
    }

    @Test
    void aSchemaRegisteredByOneClientIsFoundByIdByAnother() {
        int id = client().register("contract.lookup-value", Shipment.getClassSchema());

        assertThat(client().getSchemaById(id)).isEqualTo(Shipment.getClassSchema());
    }

    @Test
    void everyAppGetsTheSameIdForTheSameSchemaUnderOneSubjectAndUnderAnother() throws Exception {
        // two independent clients, as two apps: the processor and the notifier, say
        int first = client().register("contract.shared.v1-value", Shipment.getClassSchema());
        int second = client().register("contract.shared.v1-value", Shipment.getClassSchema());
        assertThat(second).isEqualTo(first);
        assertThat(json(get("/subjects/contract.shared.v1-value/versions")).size()).as("one version, not two").isEqualTo(1);

        // the same schema under another subject (a changelog's) keeps its id, and the id knows both subjects
        assertThat(client().register("contract-shipments-store-changelog-value", Shipment.getClassSchema())).isEqualTo(first);
        assertThat(json(get("/schemas/ids/" + first + "/versions")).findValuesAsText("subject"))
                .contains("contract.shared.v1-value", "contract-shipments-store-changelog-value");
    }

    @Test
    void servesASubjectsLatestVersionAndItsNumberedVersions() throws Exception {
        int id = client().register("contract.versions-value", Shipment.getClassSchema());

        HttpResponse<String> latest = get("/subjects/contract.versions-value/versions/latest");
        assertThat(latest.statusCode()).isEqualTo(200);
        JsonNode body = json(latest);
        assertThat(body.path("subject").asText()).isEqualTo("contract.versions-value");
        assertThat(body.path("version").asInt()).isEqualTo(1);
        assertThat(body.path("id").asInt()).isEqualTo(id);
        assertThat(new Schema.Parser().parse(body.path("schema").asText())).isEqualTo(Shipment.getClassSchema());
        assertThat(json(get("/subjects/contract.versions-value/versions/1")).path("id").asInt()).isEqualTo(id);
        assertThat(json(get("/subjects/contract.versions-value/versions")).toString()).isEqualTo("[1]");
    }

    @Test
    void refusesAnIncompatibleSchemaWith409() throws Exception {
        client().register("contract.raw.v1-value", RawTrackingEvent.getClassSchema());
        Schema breaking = SchemaBuilder.record("RawTrackingEvent").namespace("io.trackstream.avro").fields()
                .requiredString("only").endRecord();

        assertThatThrownBy(() -> client().register("contract.raw.v1-value", breaking))
                .isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchema.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                });
        HttpResponse<String> raw = post("/subjects/contract.raw.v1-value/versions", Map.of("schema", breaking.toString()));
        assertThat(raw.statusCode()).isEqualTo(409);
        assertThat(json(raw).path("error_code").asInt()).isEqualTo(409);
        assertThat(json(get("/subjects/contract.raw.v1-value/versions")).size()).as("nothing registered").isEqualTo(1);
    }

    @Test
    void answersWhatItDoesNotHaveWithTheRealErrorCodes() throws Exception {
        client().register("contract.codes-value", Shipment.getClassSchema());

        assertError(get("/subjects/contract.nothing-value/versions/latest"), 404, 40401);
        assertError(get("/subjects/contract.nothing-value/versions"), 404, 40401);
        assertError(get("/subjects/contract.codes-value/versions/7"), 404, 40402);
        assertError(get("/schemas/ids/" + UNKNOWN_ID), 404, 40403);
        assertError(get("/schemas/ids/" + UNKNOWN_ID + "/versions"), 404, 40403);
        assertError(post("/subjects/contract.codes-value/versions", Map.of("schema", "{\"type\": \"record\"")), 422, 42201);

        assertThatThrownBy(() -> client().getSchemaById(UNKNOWN_ID))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFound.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    /** A new client each time: its own cache, as in another process. */
    private static RestSchemaRegistryClient client() {
        return new RestSchemaRegistryClient(List.of(URI.create(kit.schemaRegistryUrl())), Optional.empty(),
                Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private static void assertError(HttpResponse<String> response, int status, int errorCode) throws Exception {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        assertThat(json(response).path("error_code").asInt()).as(response.uri() + " " + response.body()).isEqualTo(errorCode);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(kit.schemaRegistryUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.schemaregistry.v1+json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, Map<String, String> body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(kit.schemaRegistryUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> strings(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readerForListOf(String.class).readValue(response.body());
    }
}
