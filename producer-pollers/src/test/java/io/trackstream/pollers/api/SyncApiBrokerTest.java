package io.trackstream.pollers.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.pollers.shipments.ShipmentReadModel;
import io.trackstream.pollers.support.BrokerTestSupport;
import io.trackstream.pollers.support.Seeds;
import io.trackstream.pollers.support.Shipments;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The sync API end to end: WireMock carrier, real broker, and, standing in for the processor (another module), a
 * listener on the raw topic that writes the updated shipment to shipments.v1 when it sees the sync's event.
 */
class SyncApiBrokerTest extends BrokerTestSupport {

    private static final String COURIER_REF = "ship_1234567890abcdef";
    private static final String SALESIVE_ORDER = "6640c1b2d4e5f60102030406";

    @Autowired
    MockMvc mvc;

    @Autowired
    ShipmentReadModel shipments;

    /** What the stand-in processor writes when it sees a SYNC event for a parcel key. */
    private final Map<String, Function<RawTrackingEvent, Shipments>> processor = new ConcurrentHashMap<>();
    /** The SYNC events the stand-in has seen per parcel key: the shipments it writes hold them all. */
    private final Map<String, List<RawTrackingEvent>> applied = new ConcurrentHashMap<>();
    private KafkaMessageListenerContainer<String, RawTrackingEvent> processorContainer;
    private KafkaProducer<String, Shipment> shipmentProducer;

    @BeforeEach
    void startStandInProcessor() {
        shipmentProducer = shipmentProducer();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "stand-in-processor");
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY_SCOPE);
        SpecificAvroDeserializer<RawTrackingEvent> values = new SpecificAvroDeserializer<>(RawTrackingEvent.class);
        values.configure(props, false);
        var factory = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), values);
        ContainerProperties container = new ContainerProperties(
                new TopicPartitionOffset(RAW, 0, TopicPartitionOffset.SeekPosition.END),
                new TopicPartitionOffset(RAW, 1, TopicPartitionOffset.SeekPosition.END),
                new TopicPartitionOffset(RAW, 2, TopicPartitionOffset.SeekPosition.END));
        container.setMessageListener((MessageListener<String, RawTrackingEvent>) record -> {
            var rule = processor.get(record.key());
            if (rule != null && record.value().getSource() == EventSource.SYNC) {
                List<RawTrackingEvent> seen = applied.computeIfAbsent(record.key(), k -> new java.util.concurrent.CopyOnWriteArrayList<>());
                seen.add(record.value());
                Shipment updated = rule.apply(record.value()).holding(seen).build();
                send(shipmentProducer, SHIPMENTS, updated.getShipmentId(), updated);
            }
        });
        processorContainer = new KafkaMessageListenerContainer<>(factory, container);
        processorContainer.start();
        await().atMost(Duration.ofSeconds(60))
                .until(processorContainer::getAssignedPartitions, assigned -> assigned != null && assigned.size() == 3);
    }

    @AfterEach
    void stopStandInProcessor() {
        processorContainer.stop();
        shipmentProducer.close();
    }

    private void given(Shipment shipment) {
        send(shipmentProducer, SHIPMENTS, shipment.getShipmentId(), shipment);
        await().atMost(Duration.ofSeconds(60)).until(() -> shipments.find(shipment.getShipmentId())
                .filter(v -> v.version() == shipment.getVersion()).isPresent());
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private void courierAnswers(String reference, int status, String seed, String retryAfter) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(Seeds.bytes(seed));
        if (retryAfter != null) {
            response = response.withHeader("Retry-After", retryAfter);
        }
        CARRIER.stubFor(post(urlEqualTo("/v5/shipments/" + reference + "/sync")).withBasicAuth("merchant", "s3cret").willReturn(response));
    }

    @Test
    void post_sync_polls_now_and_answers_the_state_the_processor_applied() throws Exception {
        given(Shipments.shipment("cs-1", "store-1", "order-cs-1", "courier-sync", COURIER_REF, "ups", "1Z123E45678901234")
                .version(3).build());
        courierAnswers(COURIER_REF, 200, "courier-sync-200.json", null);
        processor.put("ups:1Z123E45678901234", event -> Shipments
                .shipment("cs-1", "store-1", "order-cs-1", "courier-sync", COURIER_REF, "ups", "1Z123E45678901234")
                .status(ShipmentStatus.DELIVERED, CanonicalStatus.DELIVERED)
                .carrierEvent(event.getCarrierStatusCode(), event.getEventTime())
                .lastCarrierUpdate(event.getReceivedTime()).version(4));

        mvc.perform(MockMvcRequestBuilders.post("/shipments/cs-1/sync").header(HttpHeaders.AUTHORIZATION, bearer(STORE1_READ)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("cs-1"))
                .andExpect(jsonPath("$.tracking_status").value("DELIVERED"))
                .andExpect(jsonPath("$.verification_status").value("verified"))
                .andExpect(jsonPath("$.shipment_tracking_number").value("1Z123E45678901234"))
                .andExpect(jsonPath("$.shipment_courier").value("ups"))
                .andExpect(jsonPath("$.version").value(4))
                .andExpect(jsonPath("$.created_at").value("2024-07-12T14:00:00Z"))
                .andExpect(jsonPath("$.parcels[0].status").value("DELIVERED"))
                .andExpect(jsonPath("$.parcels[0].carrierStatusCode").value("delivered"))
                .andExpect(jsonPath("$.parcels[0].statusEventTime").value("2024-01-15T14:45:00Z"));

        CARRIER.verify(1, postRequestedFor(urlEqualTo("/v5/shipments/" + COURIER_REF + "/sync")));
    }

    @Test
    void get_sync_by_order_answers_in_the_salesive_envelope() throws Exception {
        given(Shipments.shipment("sv-1", "store-1", SALESIVE_ORDER, "salesive", null, "dhl", "SB12345678")
                .status(ShipmentStatus.INFO_RECEIVED, CanonicalStatus.INFO_RECEIVED).carrierName("DHL Express").version(2).build());
        CARRIER.stubFor(get(urlPathEqualTo("/api/v1/shipping/shipments/sync")).withQueryParam("orderId", equalTo(SALESIVE_ORDER))
                .withHeader("Authorization", equalTo("Bearer app_salesive_upstream"))
                .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("salesive-sync-200.json"))));
        processor.put("dhl:SB12345678", event -> Shipments
                .shipment("sv-1", "store-1", SALESIVE_ORDER, "salesive", null, "dhl", "SB12345678")
                .status(ShipmentStatus.IN_TRANSIT, CanonicalStatus.IN_TRANSIT).carrierName("DHL Express")
                .carrierEvent(event.getCarrierStatusCode(), event.getEventTime())
                .lastCarrierUpdate(event.getReceivedTime()).version(3));

        mvc.perform(MockMvcRequestBuilders.get("/shipping/shipments/sync").param("orderId", SALESIVE_ORDER)
                        .header(HttpHeaders.AUTHORIZATION, bearer(STORE1_READ)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value(200))
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.message").value(containsString("Synced")))
                .andExpect(jsonPath("$.data._id").value("sv-1"))
                .andExpect(jsonPath("$.data.orders[0]").value(SALESIVE_ORDER))
                .andExpect(jsonPath("$.data.carrier").value("DHL Express"))
                .andExpect(jsonPath("$.data.trackingNumber").value("SB12345678"))
                .andExpect(jsonPath("$.data.status").value("IN_TRANSIT"))
                .andExpect(jsonPath("$.data.metadata.version").value(3))
                .andExpect(jsonPath("$.data.metadata.sync").value("applied"));
    }

    @Test
    void when_the_processor_has_not_applied_it_in_time_the_answer_is_202_with_the_last_known_state() throws Exception {
        given(Shipments.shipment("cs-slow", "store-1", "order-slow", "courier-sync", "ship_slow", "ups", "1ZSLOW")
                .version(7).build());
        courierAnswers("ship_slow", 200, "courier-sync-200.json", null);

        long started = System.nanoTime();
        mvc.perform(MockMvcRequestBuilders.post("/shipments/cs-slow/sync").header(HttpHeaders.AUTHORIZATION, bearer(STORE1_READ)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.verification_status").value("pending"))
                .andExpect(jsonPath("$.tracking_status").value("IN_TRANSIT"))
                .andExpect(jsonPath("$.version").value(7))
                .andExpect(jsonPath("$.message").value(containsString("not applied yet")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(Duration.ofSeconds(WAIT_FOR_APPLIED_SECONDS), Duration.ofSeconds(60));
    }

    @Test
    void when_the_state_already_holds_the_carriers_newest_event_the_answer_is_immediate() throws Exception {
        // Given the processor already holds every event the carrier will answer with
        Shipments holding = Shipments.shipment("sh-1", "store-1", "order-sh-1", "shiplemon", "be96511d", "elta", "tracking_ref")
                .status(ShipmentStatus.DELIVERED, CanonicalStatus.DELIVERED).version(9);
        new io.trackstream.carriers.shiplemon.ShiplemonReader().read(
                        io.trackstream.carriers.json.JsonPayload.parseObject(Seeds.bytes("shiplemon-tracking-200.json")),
                        new io.trackstream.pollers.carrier.PollRequest("shiplemon", "be96511d", null,
                                List.of(io.trackstream.contract.ParcelKey.of("elta", "tracking_ref"))).known())
                .events().forEach(e -> holding.holding(e.statusCode(), e.substatus(), e.text(), e.eventTime()));
        given(holding.build());
        CARRIER.stubFor(get("/public/v1/shipments/be96511d/tracking").withHeader("x-api-key", equalTo("sk_test_123"))
                .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));

        long started = System.nanoTime();
        mvc.perform(MockMvcRequestBuilders.post("/shipments/sh-1/sync").header(HttpHeaders.AUTHORIZATION, bearer(STORE1_READ)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verification_status").value("verified"))
                .andExpect(jsonPath("$.tracking_status").value("DELIVERED"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("did not wait for the processor")
                .isLessThan(Duration.ofSeconds(WAIT_FOR_APPLIED_SECONDS));
    }

    @Test
    void a_shipment_whose_carrier_only_pushes_webhooks_answers_its_current_state_without_polling() throws Exception {
        given(Shipments.shipment("wh-1", "store-1", "order-wh-1", "carriyo", null, "aramex", "AX1").version(5).build());

        mvc.perform(MockMvcRequestBuilders.post("/shipments/wh-1/sync").header(HttpHeaders.AUTHORIZATION, bearer(STORE1_READ)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tracking_status").value("IN_TRANSIT"))
                .andExpect(jsonPath("$.version").value(5))
                .andExpect(jsonPath("$.message").value(containsString("webhook")));
        CARRIER.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void without_a_valid_token_the_answer_is_401_in_both_shapes() throws Exception {
        mvc.perform(MockMvcRequestBuilders.post("/shipments/cs-1/sync"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.success").value(false))
                .andExpect(jsonPath("$.message").value("Authentication required"))
                .andExpect(jsonPath("$.error.type").value("authentication_error"));
        mvc.perform(MockMvcRequestBuilders.get("/shipping/shipments/sync").param("orderId", SALESIVE_ORDER)
                        .header(HttpHeaders.AUTHORIZATION, bearer("app_not_a_known_token")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.success").value(false))
                .andExpect(jsonPath("$.data").value(nullValue()));
        CARRIER.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void a_token_without_read_shipping_is_403() throws Exception {
        mvc.perform(MockMvcRequestBuilders.post("/shipments/cs-1/sync").header(HttpHeaders.AUTHORIZATION, bearer(STORE1_WRITE_ONLY)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.message").value(containsString("READ_SHIPPING")))
                .andExpect(jsonPath("$.error.type").value("permission_error"));
        mvc.perform(MockMvcRequestBuilders.get("/shipping/shipments/sync").param("orderId", SALESIVE_ORDER)
                        .header(HttpHeaders.AUTHORIZATION, bearer(STORE1_WRITE_ONLY)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403));
        CARRIER.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void another_tenants_shipment_is_not_found_exactly_like_a_missing_one_and_is_never_polled() throws Exception {
        given(Shipments.shipment("cs-other", "store-1", "order-other", "courier-sync", "ship_other", "ups", "1ZOTHER").build());

        var otherTenants = mvc.perform(MockMvcRequestBuilders.post("/shipments/cs-other/sync")
                        .header(HttpHeaders.AUTHORIZATION, bearer(STORE2_READ)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.type").value("not_found_error"))
                .andExpect(jsonPath("$.data").value(nullValue()))
                .andReturn().getResponse().getContentAsString();
        var missing = mvc.perform(MockMvcRequestBuilders.post("/shipments/cs-missing/sync")
                        .header(HttpHeaders.AUTHORIZATION, bearer(STORE2_READ)))
                .andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString();
        mvc.perform(MockMvcRequestBuilders.get("/shipping/shipments/sync").param("orderId", "order-other")
                        .header(HttpHeaders.AUTHORIZATION, bearer(STORE2_READ)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404));

        assertThat(otherTenants).doesNotContain("1ZOTHER", "store-1");
        assertThat(otherTenants.replace("cs-other", "ID")).isEqualTo(missing.replace("cs-missing", "ID"));
        CARRIER.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void when_the_carrier_limits_us_the_caller_gets_429_with_its_retry_after() throws Exception {
        given(Shipments.shipment("cs-429", "store-1", "order-429", "courier-sync", "ship_limited", "ups", "1ZLIMITED")
                .carrierAccount("limited").build());
        courierAnswers("ship_limited", 429, "courier-sync-429.json", "60");

        mvc.perform(MockMvcRequestBuilders.post("/shipments/cs-429/sync").header(HttpHeaders.AUTHORIZATION, bearer(STORE1_READ)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "60"))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.type").value("carrier_rate_limited"))
                .andExpect(jsonPath("$.error.type").value("rate_limit_error"))
                .andExpect(jsonPath("$.message").value(containsString("Too many requests")));
        CARRIER.verify(1, postRequestedFor(urlEqualTo("/v5/shipments/ship_limited/sync")));

        // and the account is paused: the next sync is answered 429 at once, without asking the carrier again
        String retryAfter = mvc.perform(MockMvcRequestBuilders.post("/shipments/cs-429/sync").header(HttpHeaders.AUTHORIZATION, bearer(STORE1_READ)))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.type").value("rate_limited"))
                .andReturn().getResponse().getHeader("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
        CARRIER.verify(1, postRequestedFor(urlEqualTo("/v5/shipments/ship_limited/sync")));
    }
}
