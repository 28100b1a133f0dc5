package io.trackstream.ingest.broker;

import static io.trackstream.carriers.fixtures.Payloads.GREEK_DELIVERED;
import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.serde.MockSchemaRegistry;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKits;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The durability promise against a real broker that goes away and comes back: what was acknowledged before the
 * outage is still in the topic after the restart, the outage itself is a prompt 503 with Retry-After, and the very
 * same signed request is accepted once the broker is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "trackstream.schema-registry-url=mock://" + BrokerOutageTest.REGISTRY_SCOPE,
        "trackstream.ingest.webhooks.shiplemon.secret=" + BrokerOutageTest.SECRET,
        "trackstream.ingest.webhooks.generic.secret=" + BrokerOutageTest.SECRET,
        "trackstream.ingest.request-timeout=3s",
        "trackstream.ingest.publish.retry-after=2s",
})
@DirtiesContext
class BrokerOutageTest {

    static final String REGISTRY_SCOPE = "webhook-ingest-broker-outage";
    static final String SECRET = "outage-test-secret";
    private static final String RAW = "tracking.raw.v1";

    private static BrokerKit broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        broker = BrokerKits.start();
        broker.createTopics(1, RAW, "tracking.raw.rejected.v1", "shipments.registrations.v1");
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(REGISTRY_SCOPE);
    }

    @Test
    void acknowledgedEventsSurviveARestartAndAnOutageIsAPrompt503UntilTheBrokerIsBack() {
        HttpWebhookClient client = new HttpWebhookClient(port);
        // Given a webhook acknowledged before the outage
        byte[] before = utf8(Payloads.shiplemon("ZU700000001GR"));
        assertThat(client.webhook("shiplemon", SECRET, before).statusCode()).isEqualTo(202);

        // When the broker stops
        broker.stop();
        byte[] during = utf8(Payloads.generic("acs", "7209977777"));
        long signedAt = Instant.now().getEpochSecond();
        long start = System.nanoTime();
        HttpResponse<String> outage = client.webhook("generic", SECRET, during, signedAt);
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);

        // Then the sender hears 503 with Retry-After within the request's deadline (3 s) plus slack, not minutes
        assertThat(outage.statusCode()).isEqualTo(503);
        assertThat(outage.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(outage.body()).contains("\"type\":\"broker_unavailable\"");
        assertThat(answeredIn).isLessThan(Duration.ofSeconds(8));

        // and a webhook of 100 events is answered within the same one deadline, not one wait per record
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            events.append(i == 0 ? "" : ",").append("{\"code\": \"IN_TRANSIT\", \"time\": \"2024-07-15T10:")
                    .append(String.format("%02d", i % 60)).append(":").append(String.format("%02d", i / 60)).append("Z\"}");
        }
        long bigStart = System.nanoTime();
        HttpResponse<String> big = client.webhook("generic", SECRET,
                utf8("{\"carrier\": \"acs\", \"trackingNumber\": \"7209900200\", \"events\": [" + events + "]}"));
        assertThat(big.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - bigStart)).isLessThan(Duration.ofSeconds(5));

        // When the broker is back, the same signed request (a sender's retry) is accepted
        broker.start();
        Awaitility.await("the retried webhook is accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> client.webhook("generic", SECRET, during, signedAt).statusCode() == 202);

        // Then the topic holds what was acknowledged before the outage, and what was acknowledged after it
        SpecificAvroDeserializer<RawTrackingEvent> avro = new SpecificAvroDeserializer<>(RawTrackingEvent.class,
                MockSchemaRegistry.forScope(REGISTRY_SCOPE));
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readUntil(broker.bootstrapServers(), RAW,
                all -> all.stream().filter(r -> r.key().equals("acs:7209977777")).count() >= 2);
        List<RawTrackingEvent> beforeOutage = records.stream().filter(r -> r.key().equals("elta:ZU700000001GR"))
                .map(r -> avro.deserialize(RAW, r.value())).toList();
        assertThat(beforeOutage).extracting(RawTrackingEvent::getCarrierStatusCode).containsExactly("DELIVERED", "TRANSIT", "PRE_TRANSIT");
        assertThat(beforeOutage.get(0).getCarrierStatusText()).isEqualTo(GREEK_DELIVERED);
        assertThat(records.stream().filter(r -> r.key().equals("acs:7209977777")).map(r -> avro.deserialize(RAW, r.value())))
                .extracting(RawTrackingEvent::getCarrierStatusCode).containsSubsequence("OUT_FOR_DELIVERY", "DELIVERED");
    }
}
