package io.trackstream.notifier.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.notifier.carriyo.AutoCloseNotifier;
import io.trackstream.notifier.deadletter.DeadLetterHeaders;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.listener.AvroValueDecoder;
import io.trackstream.notifier.listener.NotifyingListener;
import io.trackstream.notifier.listener.TargetGate;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.AutoCloseRequest;
import io.trackstream.notifier.order.AvroOrderConverter;
import io.trackstream.notifier.outcome.Target;

/**
 * A Schema Registry outage is not a poison pill: a record whose writer schema cannot be fetched waits, with its
 * consumer, until the registry answers, and is then delivered; only bytes that cannot be decoded while the registry
 * answers are dead-lettered. The app's own container factory and error handler, with an auto-close listener whose
 * registry is a WireMock (the shared app reads a mock:// registry), on a topic of its own.
 */
class RegistryOutageTest extends BrokerTestSupport {

    private static final String TOPIC = "orders.auto-close.registry-outage-test";
    private static final String PATH = "/orders/shipment-status-update";

    private final WireMockServer registry = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
    private ConcurrentMessageListenerContainer<String, byte[]> container;

    @Autowired
    ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory;
    @Autowired
    AutoCloseNotifier autoCloseNotifier;
    @Autowired
    TargetGate gate;
    @Autowired
    NotifierMetrics metrics;

    @BeforeEach
    void startListener() throws Exception {
        registry.start();
        broker.createTopics(1, TOPIC);
        container = notifierContainerFactory.createContainer(TOPIC);
        container.setBeanName("registryOutageTestContainer");
        container.getContainerProperties().setGroupId("registry-outage-test");
        container.getContainerProperties().setMessageListener(new NotifyingListener<>(Target.CARRIYO,
                new AvroValueDecoder<>(OrderAutoCloseRequested.class, registry.baseUrl(), Target.CARRIYO),
                AvroOrderConverter::autoCloseRequest, AutoCloseRequest::tenant, autoCloseNotifier::notify, gate, metrics));
        container.start();
    }

    @AfterEach
    void stop() {
        container.stop();
        registry.stop();
    }

    @Test
    void aRecordWaitsOutTheRegistryOutageAndIsDeliveredOnce() throws Exception {
        String order = "8001";
        wiremock.stubFor(post(PATH)
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)))
                .willReturn(okJson("{\"order_id\":\"ORD-8001\",\"status\":\"closed\"}")));
        // Given a registry that cannot be reached (every connection reset)
        registry.stubFor(get(urlPathMatching("/schemas/ids/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Written written = write(TOPIC, order, Fixtures.autoClose(WM_TENANT, order).build());
        String schemaPath = "/schemas/ids/" + schemaId(written.value());

        // Then the record is tried again and again, with its consumer waiting, and not dead-lettered
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.findAll(getRequestedFor(urlEqualTo(schemaPath))).size() >= 4);
        assertThat(deadLetters(order)).isEmpty();
        assertThat(wiremock.findAll(requestsFor(order))).isEmpty();

        // When the registry answers again
        registry.resetAll();
        registry.stubFor(get(urlEqualTo(schemaPath)).willReturn(okJson(new ObjectMapper().writeValueAsString(
                Map.of("schema", OrderAutoCloseRequested.getClassSchema().toString())))));

        // Then the close is sent, once
        await().atMost(Duration.ofSeconds(60)).until(() -> wiremock.findAll(requestsFor(order)).size() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> groupCommitted(written));
        assertThat(wiremock.findAll(requestsFor(order))).hasSize(1);
        assertThat(deadLetters(order)).isEmpty();
    }

    @Test
    void bytesTheAnsweringRegistryCannotResolveAreDeadLetteredAsUndecodable() {
        String order = "8002";
        // Given a registry that answers, and knows no schema 424242
        registry.stubFor(get(urlPathMatching("/schemas/ids/.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/vnd.schemaregistry.v1+json")
                .withBody("{\"error_code\":40403,\"message\":\"Schema 424242 not found\"}")));
        byte[] unknownSchema = ByteBuffer.allocate(9).put((byte) 0).putInt(424242).putInt(7).array();

        writeRaw(TOPIC, order, unknownSchema);

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(order);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE");
        assertThat(header(deadLetter, DeadLetterHeaders.DETAIL)).contains("424242");
        assertThat(deadLetter.value()).isEqualTo(unknownSchema);
    }

    private boolean groupCommitted(Written written) throws Exception {
        try (Admin admin = broker.admin()) {
            var offset = admin.listConsumerGroupOffsets("registry-outage-test").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(written.partition());
            return offset != null && offset.offset() > written.offset();
        }
    }

    private static int schemaId(byte[] confluentWireFormat) {
        return ByteBuffer.wrap(confluentWireFormat, 1, 4).getInt();
    }

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder requestsFor(String order) {
        return postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)));
    }
}
