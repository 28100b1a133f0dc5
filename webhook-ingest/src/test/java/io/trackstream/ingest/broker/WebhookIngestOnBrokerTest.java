package io.trackstream.ingest.broker;

import static io.trackstream.carriers.fixtures.Payloads.GREEK_BY_COURIER;
import static io.trackstream.carriers.fixtures.Payloads.GREEK_CREATED;
import static io.trackstream.carriers.fixtures.Payloads.GREEK_DELIVERED;
import static io.trackstream.carriers.fixtures.Payloads.GREEK_WITH_COURIER;
import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.fixtures.HostileRequests;
import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.ingest.fixtures.Registrations;
import io.trackstream.carriers.webhook.WebhookSigner;
import io.trackstream.serde.MockSchemaRegistry;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKits;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every endpoint over real HTTP against a real broker (the broker kit's): a 202 means the records are in the topics,
 * readable by a downstream consumer with the Avro deserializer, with the carriers' Greek texts and the raw bodies
 * byte for byte.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "trackstream.schema-registry-url=mock://" + WebhookIngestOnBrokerTest.REGISTRY_SCOPE,
        "trackstream.ingest.webhooks.shiplemon.secret=" + WebhookIngestOnBrokerTest.SECRET,
        "trackstream.ingest.webhooks.courier-sync.secret=" + WebhookIngestOnBrokerTest.SECRET,
        "trackstream.ingest.webhooks.carriyo.secret=" + WebhookIngestOnBrokerTest.SECRET,
        "trackstream.ingest.webhooks.generic.secret=" + WebhookIngestOnBrokerTest.SECRET,
        "trackstream.security.app-tokens[0].token=" + WebhookIngestOnBrokerTest.TOKEN,
        "trackstream.security.app-tokens[0].tenant=store-1",
        "trackstream.security.app-tokens[0].scopes=WRITE_SHIPPING",
})
@DirtiesContext
class WebhookIngestOnBrokerTest {

    static final String REGISTRY_SCOPE = "webhook-ingest-on-broker";
    static final String SECRET = "on-broker-secret";
    static final String TOKEN = "app_on_broker_writer";

    private static final String RAW = "tracking.raw.v1";
    private static final String REJECTED = "tracking.raw.rejected.v1";
    private static final String REGISTRATIONS = "shipments.registrations.v1";

    private static BrokerKit broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        broker = BrokerKits.start();
        broker.createTopics(1, RAW, REJECTED, REGISTRATIONS);
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopBrokerAndForgetSchemas() {
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(REGISTRY_SCOPE);
    }

    @Test
    void acknowledgedWebhooksAreInTheRawTopicWithGreekTextsAndRawBodiesByteForByte() {
        HttpWebhookClient client = new HttpWebhookClient(port);
        Map<String, byte[]> bodies = Map.of(
                "elta:ZU500011420GR", utf8(Payloads.shiplemon("ZU500011420GR")),
                "ups:1Z123E45678901234", utf8(Payloads.courierSync("1Z123E45678901234")),
                "aramex:3456789012", utf8(Payloads.carriyo("3456789012")),
                "acs:7209912345", utf8(Payloads.generic("acs", "7209912345")));

        assertThat(client.webhook("shiplemon", SECRET, bodies.get("elta:ZU500011420GR")).statusCode()).isEqualTo(202);
        assertThat(client.webhook("courier-sync", SECRET, bodies.get("ups:1Z123E45678901234")).statusCode()).isEqualTo(202);
        assertThat(client.webhook("carriyo", SECRET, bodies.get("aramex:3456789012")).statusCode()).isEqualTo(202);
        assertThat(client.webhook("generic", SECRET, bodies.get("acs:7209912345")).statusCode()).isEqualTo(202);

        // acknowledged => present: read back right away, as a downstream consumer would
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readUntil(broker.bootstrapServers(), RAW, all -> all.size() >= 3 + 2 + 1 + 2);
        assertThat(records).hasSize(8);
        SpecificAvroDeserializer<RawTrackingEvent> avro = new SpecificAvroDeserializer<>(RawTrackingEvent.class,
                MockSchemaRegistry.forScope(REGISTRY_SCOPE));
        Map<String, List<RawTrackingEvent>> byKey = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> avro.deserialize(RAW, r.value()), Collectors.toList())));

        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(bodies.keySet());
        assertThat(byKey.get("elta:ZU500011420GR")).extracting(RawTrackingEvent::getCarrierStatusText)
                .containsExactly(GREEK_DELIVERED, GREEK_WITH_COURIER, GREEK_CREATED);
        assertThat(byKey.get("ups:1Z123E45678901234")).extracting(RawTrackingEvent::getCarrierSubstatus)
                .containsExactly("in_transit_001", "delivered_001");
        assertThat(byKey.get("aramex:3456789012").get(0).getAttributes()).containsEntry("partner_order_reference", "ORD-2024-1001");
        byKey.forEach((key, events) -> assertThat(events).allSatisfy(event ->
                assertThat(bytes(event.getRawPayload())).as("raw payload of %s", key).isEqualTo(bodies.get(key))));
        // over real HTTP the Content-Type is kept exactly as the client sent it
        byKey.forEach((key, events) -> assertThat(events).extracting(RawTrackingEvent::getRawContentType).containsOnly("application/json"));

        // byte for byte in the stored record itself: the UTF-8 of the Greek text is in the value as written to Kafka
        byte[] storedDelivered = records.stream().filter(r -> r.key().equals("elta:ZU500011420GR")).findFirst().orElseThrow().value();
        assertThat(indexOf(storedDelivered, GREEK_DELIVERED.getBytes(StandardCharsets.UTF_8))).isNotNegative();
        RawTrackingEvent courierDelivered = byKey.get("ups:1Z123E45678901234").get(1);
        assertThat(courierDelivered.getCarrierStatusText().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(GREEK_BY_COURIER.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void registrationsAndRejectedPayloadsReachTheirTopics() {
        HttpWebhookClient client = new HttpWebhookClient(port);
        assertThat(client.registration(TOKEN, utf8(Registrations.registration("shp-2001", "ZU500011499GR"))).statusCode()).isEqualTo(202);
        byte[] broken = utf8("{\"carrier\": \"acs\", \"trackingNumber\": \"7209900099\", \"events\": [{\"code\": \"ΠΑΡΑΔΟΘΗΚΕ\", \"time\": \"χθες\"}]}");
        assertThat(client.webhook("generic", SECRET, broken).statusCode()).isEqualTo(400);

        ConsumerRecord<String, byte[]> registration = TopicRecords.readUntil(broker.bootstrapServers(), REGISTRATIONS, all -> !all.isEmpty()).get(0);
        ShipmentRegistration stored = new SpecificAvroDeserializer<>(ShipmentRegistration.class, MockSchemaRegistry.forScope(REGISTRY_SCOPE))
                .deserialize(REGISTRATIONS, registration.value());
        assertThat(registration.key()).isEqualTo("shp-2001");
        assertThat(stored.getTenant()).isEqualTo("store-1");

        ConsumerRecord<String, byte[]> rejected = TopicRecords.readUntil(broker.bootstrapServers(), REJECTED, all -> !all.isEmpty()).get(0);
        RejectedEvent stillThere = new SpecificAvroDeserializer<>(RejectedEvent.class, MockSchemaRegistry.forScope(REGISTRY_SCOPE))
                .deserialize(REJECTED, rejected.value());
        assertThat(rejected.key()).isEqualTo("acs:7209900099");
        assertThat(stillThere.getReason()).isEqualTo(RejectionReason.INVALID_VALUE);
        assertThat(stillThere.getField()).isEqualTo("events[0].time");
        assertThat(bytes(stillThere.getRawPayload())).isEqualTo(broken);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * No 500 for a caller's mistake anywhere, actuator included: 10,000 hostile requests (HostileRequests: malformed
     * and deep JSON, invalid UTF-8, NUL bytes, huge numbers, duplicate keys, oversize bodies, wrong content types,
     * garbage and valid tokens, correctly signed garbage), over real HTTP to every endpoint of the app on its broker,
     * get no 5xx, and a valid webhook is accepted after.
     */
    @Test
    void tenThousandHostileRequestsGetNo5xxAndAValidWebhookIsAcceptedAfterwards() {
        List<HostileRequests.Endpoint> endpoints = List.of(
                new HostileRequests.Endpoint("POST", "/webhooks/shiplemon"), new HostileRequests.Endpoint("POST", "/webhooks/courier-sync"),
                new HostileRequests.Endpoint("POST", "/webhooks/carriyo"), new HostileRequests.Endpoint("POST", "/webhooks/generic"),
                new HostileRequests.Endpoint("POST", "/webhooks/{provider}"), new HostileRequests.Endpoint("POST", "/shipments"),
                new HostileRequests.Endpoint("PUT", "/shipments/{shipmentId}"), new HostileRequests.Endpoint("GET", "/actuator/health", 1),
                new HostileRequests.Endpoint("GET", "/actuator/health/{component}"), new HostileRequests.Endpoint("GET", "/actuator/info"),
                new HostileRequests.Endpoint("GET", "/actuator/prometheus", 1), new HostileRequests.Endpoint("GET", "/actuator/metrics", 1),
                new HostileRequests.Endpoint("GET", "/actuator/metrics/{name}"), new HostileRequests.Endpoint("GET", "/actuator/{endpoint}"),
                new HostileRequests.Endpoint("GET", "/v3/api-docs", 1), new HostileRequests.Endpoint("GET", "/{anything}"));
        List<HostileRequests.Request> requests = HostileRequests.generate(endpoints, 10_000, 18L, List.of(TOKEN),
                (path, body) -> {
                    long now = java.time.Instant.now().getEpochSecond();
                    String secret = path.startsWith("/webhooks/") ? SECRET : "not-a-secret";
                    return Map.of(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now), WebhookSigner.SIGNATURE_HEADER,
                            WebhookSigner.sign(secret, now, body));
                });

        List<String> failures = HostileRequests.fiveHundreds(requests,
                HostileRequests.overHttp(java.net.http.HttpClient.newHttpClient(), "http://localhost:" + port), 4);

        assertThat(failures).as("requests answered 5xx").isEmpty();
        assertThat(new HttpWebhookClient(port).webhook("shiplemon", SECRET, utf8(Payloads.shiplemon("ZU918000001GR"))).statusCode())
                .isEqualTo(202);
    }
}
