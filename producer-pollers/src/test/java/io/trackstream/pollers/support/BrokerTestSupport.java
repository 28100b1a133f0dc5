package io.trackstream.pollers.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKits;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app against a real broker (the test kit's: in-process KRaft here, a container where Docker runs) and a WireMock
 * carrier. Every broker test extends this class with the same configuration, so they share one Spring context and one
 * broker.
 */
@SpringBootTest(properties = {
        "trackstream.schema-registry-url=mock://" + BrokerTestSupport.REGISTRY_SCOPE,
        "trackstream.pollers.scheduling-enabled=false",
        "trackstream.pollers.sync.wait-for-applied=" + BrokerTestSupport.WAIT_FOR_APPLIED_SECONDS + "s",
        "trackstream.pollers.shipments-view.poll-timeout=100ms",
        "trackstream.pollers.providers.shiplemon.spread=0s",
        "trackstream.pollers.providers.shiplemon.accounts.default.api-key=sk_test_123",
        "trackstream.pollers.providers.courier-sync.accounts.default.username=merchant",
        "trackstream.pollers.providers.courier-sync.accounts.default.password=s3cret",
        // a second account of the same API: a 429 pauses only the account it was answered to
        "trackstream.pollers.providers.courier-sync.accounts.limited.username=merchant",
        "trackstream.pollers.providers.courier-sync.accounts.limited.password=s3cret",
        "trackstream.pollers.providers.courier-sync.retry.max-attempts=1",
        "trackstream.pollers.providers.salesive.accounts.default.token=app_salesive_upstream",
        "trackstream.security.app-tokens[0].token=" + BrokerTestSupport.STORE1_READ,
        "trackstream.security.app-tokens[0].tenant=store-1",
        "trackstream.security.app-tokens[0].scopes=READ_SHIPPING",
        "trackstream.security.app-tokens[1].token=" + BrokerTestSupport.STORE1_WRITE_ONLY,
        "trackstream.security.app-tokens[1].tenant=store-1",
        "trackstream.security.app-tokens[1].scopes=WRITE_SHIPPING",
        "trackstream.security.app-tokens[2].token=" + BrokerTestSupport.STORE2_READ,
        "trackstream.security.app-tokens[2].tenant=store-2",
        "trackstream.security.app-tokens[2].scopes=READ_SHIPPING",
        "trackstream.security.app-tokens[3].token=" + BrokerTestSupport.OPERATOR,
        "trackstream.security.app-tokens[3].tenant=ops",
        "trackstream.security.app-tokens[3].scopes=OPERATE",
})
@AutoConfigureMockMvc
public abstract class BrokerTestSupport {

    /**
     * How long a sync waits for the processor: long enough that an answer that did not wait is told apart from one
     * that did on a busy machine, short enough for the test that waits it out.
     */
    public static final int WAIT_FOR_APPLIED_SECONDS = 5;
    public static final String REGISTRY_SCOPE = "pollers-broker-test";
    public static final String RAW = "tracking.raw.v1";
    public static final String REJECTED = "tracking.raw.rejected.v1";
    public static final String POLL_TARGETS = "tracking.poll-targets.v1";
    public static final String SHIPMENTS = "shipments.v1";
    public static final String STORE1_READ = "app_store1_read_0123456789";
    public static final String STORE1_WRITE_ONLY = "app_store1_write_0123456789";
    public static final String STORE2_READ = "app_store2_read_0123456789";
    /** Sees the health details (OPERATE scope). */
    public static final String OPERATOR = "app_operator_0123456789";

    /**
     * One broker for the whole test JVM, so the shared context keeps pointing at the same address. It creates no topic
     * on first use, as in production.
     */
    protected static final BrokerKit BROKER = startBroker();

    /** One carrier double for the whole test JVM, so the shared context keeps pointing at a live server. */
    protected static final WireMockServer CARRIER = startCarrier();

    /** Starts the broker with the app's topics; it stops once Spring has closed the contexts that use it. */
    private static BrokerKit startBroker() {
        BrokerKit kit = BrokerKits.start();
        kit.createTopics(3, RAW, REJECTED, POLL_TARGETS, SHIPMENTS);
        SpringApplication.getShutdownHandlers().add(kit::close);
        return kit;
    }

    private static WireMockServer startCarrier() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    @DynamicPropertySource
    static void brokerAddress(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
    }

    @DynamicPropertySource
    static void carrierUrls(DynamicPropertyRegistry registry) {
        registry.add("trackstream.pollers.providers.shiplemon.accounts.default.base-url", CARRIER::baseUrl);
        registry.add("trackstream.pollers.providers.courier-sync.accounts.default.base-url", () -> CARRIER.baseUrl() + "/v5");
        registry.add("trackstream.pollers.providers.courier-sync.accounts.limited.base-url", () -> CARRIER.baseUrl() + "/v5");
        registry.add("trackstream.pollers.providers.salesive.accounts.default.base-url", () -> CARRIER.baseUrl() + "/api/v1");
    }

    @BeforeEach
    void resetCarrier() {
        CARRIER.resetAll();
    }

    protected Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY_SCOPE);
        return props;
    }

    protected KafkaProducer<String, PollTarget> pollTargetProducer() {
        return avroProducer();
    }

    protected KafkaProducer<String, Shipment> shipmentProducer() {
        return avroProducer();
    }

    /** The kit's producer with String keys and Avro values registered in this JVM's mock registry. */
    private <V extends SpecificRecord> KafkaProducer<String, V> avroProducer() {
        SpecificAvroSerializer<V> values = new SpecificAvroSerializer<>();
        values.configure(producerProps(), false);
        return BROKER.producer(new StringSerializer(), values);
    }

    protected void send(KafkaProducer<String, ?> producer, String topic, String key, Object value) {
        try {
            @SuppressWarnings({"unchecked", "rawtypes"})
            ProducerRecord record = new ProducerRecord(topic, key, value);
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A consumer of the raw topic reading from the end as of now, so each test sees only what it caused. */
    protected KafkaConsumer<String, RawTrackingEvent> rawConsumerFromNow() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY_SCOPE);
        SpecificAvroDeserializer<RawTrackingEvent> values = new SpecificAvroDeserializer<>(RawTrackingEvent.class);
        values.configure(props, false);
        KafkaConsumer<String, RawTrackingEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        var partitions = consumer.partitionsFor(RAW).stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(RAW, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    protected static List<ConsumerRecord<String, RawTrackingEvent>> drain(KafkaConsumer<String, RawTrackingEvent> consumer) {
        List<ConsumerRecord<String, RawTrackingEvent>> out = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        return out;
    }

    protected static PollTarget pollTarget(String tenant, String shipmentId, String carrier, String trackingNumber,
            String provider, String providerReference) {
        return PollTarget.newBuilder()
                .setParcelKey(carrier + ":" + trackingNumber)
                .setTenant(tenant)
                .setShipmentId(shipmentId)
                .setOrderId("order-" + shipmentId)
                .setCarrier(carrier)
                .setTrackingNumber(trackingNumber)
                .setProvider(provider)
                .setProviderReference(providerReference)
                .setUpdatedAt(Instant.parse("2024-07-15T10:00:00Z"))
                .build();
    }
}
