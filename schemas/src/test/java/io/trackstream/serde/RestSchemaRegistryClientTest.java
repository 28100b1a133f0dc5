package io.trackstream.serde;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.trackstream.avro.PollTarget;
import io.trackstream.fixtures.SeedRecords;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against WireMock answering as the Confluent Schema Registry API does. */
class RestSchemaRegistryClientTest {

    private static final String REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
    private static final String SUBJECT_PATH = "/subjects/tracking.poll-targets.v1-value/versions";

    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

    private final WireMockServer registry = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop();
    }

    private Map<String, String> config() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.baseUrl(),
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc-trackstream:s3cret",
                // A distinct timeout keeps this test's client out of the shared per-configuration cache.
                AvroSerdeConfig.REQUEST_TIMEOUT_MS, String.valueOf(5000 + CLIENTS.incrementAndGet()));
    }

    @Test
    void registersUnderTheValueSubjectWithTheRegistryContentTypeAndBasicAuthThenCaches() throws Exception {
        String schemaJson = new ObjectMapper().writeValueAsString(Map.of("schema", PollTarget.getClassSchema().toString()));
        registry.stubFor(post(SUBJECT_PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", REGISTRY_JSON).withBody("{\"id\":7}")));
        SpecificAvroSerde<PollTarget> serde = SpecificAvroSerde.of(PollTarget.class, config(), false);

        byte[] first = serde.serializer().serialize("tracking.poll-targets.v1", SeedRecords.pollTarget());
        serde.serializer().serialize("tracking.poll-targets.v1", SeedRecords.pollTarget());

        assertThat(first).startsWith(0, 0, 0, 0, 7);
        registry.verify(1, postRequestedFor(urlEqualTo(SUBJECT_PATH))
                .withHeader("Content-Type", equalTo(REGISTRY_JSON))
                .withHeader("Authorization", equalTo("Basic c3ZjLXRyYWNrc3RyZWFtOnMzY3JldA=="))
                .withRequestBody(equalToJson(schemaJson)));
    }

    @Test
    void fetchesTheWriterSchemaByIdOnceAndReadsTheRecord() throws Exception {
        String body = new ObjectMapper().writeValueAsString(Map.of("schema", PollTarget.getClassSchema().toString()));
        registry.stubFor(get("/schemas/ids/42").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", REGISTRY_JSON).withBody(body)));
        byte[] written = withId(42, SpecificAvroSerde.of(PollTarget.class, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://rest-fetch"), false)
                .serializer().serialize("tracking.poll-targets.v1", SeedRecords.pollTarget()));
        SpecificAvroSerde<PollTarget> serde = SpecificAvroSerde.of(PollTarget.class, config(), false);

        assertThat(serde.deserializer().deserialize("tracking.poll-targets.v1", written)).isEqualTo(SeedRecords.pollTarget());
        serde.deserializer().deserialize("tracking.poll-targets.v1", written);
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/42")));
        MockSchemaRegistry.dropScope("rest-fetch");
    }

    @Test
    void anIncompatibleSchemaIsRefusedWithTheRegistrysMessage() {
        registry.stubFor(post(SUBJECT_PATH).willReturn(aResponse().withStatus(409).withHeader("Content-Type", REGISTRY_JSON)
                .withBody("{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema for subject \\\"tracking.poll-targets.v1-value\\\"\"}")));
        SpecificAvroSerde<PollTarget> serde = SpecificAvroSerde.of(PollTarget.class, config(), false);

        assertThatThrownBy(() -> serde.serializer().serialize("tracking.poll-targets.v1", SeedRecords.pollTarget()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("HTTP 409").hasMessageContaining("incompatible")
                .cause().isInstanceOf(SchemaRegistryException.IncompatibleSchema.class);
    }

    @Test
    void anUnknownIdIsA40403NotFound() {
        registry.stubFor(get("/schemas/ids/99").willReturn(aResponse().withStatus(404).withHeader("Content-Type", REGISTRY_JSON)
                .withBody("{\"error_code\":40403,\"message\":\"Schema 99 not found\"}")));
        SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config());

        assertThatThrownBy(() -> client.getSchemaById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFound.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                })
                .hasMessageContaining("Schema 99 not found");
    }

    @Test
    void aRegistryThatIsDownIsReportedAsUnavailableNotAsABadSchema() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistryClient client = SchemaRegistryClients.fromConfig(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort,
                AvroSerdeConfig.CONNECT_TIMEOUT_MS, "2000"));

        assertThatThrownBy(() -> client.register("tracking.poll-targets.v1-value", PollTarget.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.Unavailable.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void aServerErrorIsReportedAsUnavailable() {
        registry.stubFor(get("/schemas/ids/5").willReturn(aResponse().withStatus(503).withBody("")));
        SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config());

        assertThatThrownBy(() -> client.getSchemaById(5)).isInstanceOf(SchemaRegistryException.Unavailable.class)
                .hasMessageContaining("HTTP 503");
    }

    private static byte[] withId(int id, byte[] wireFormat) {
        byte[] copy = wireFormat.clone();
        copy[1] = (byte) (id >>> 24);
        copy[2] = (byte) (id >>> 16);
        copy[3] = (byte) (id >>> 8);
        copy[4] = (byte) id;
        return copy;
    }
}
