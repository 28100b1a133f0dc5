package io.trackstream.notifier.flow;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.trackstream.topics.TopicNames;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.testkit.ordersystem.OrderSystemSandbox;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroSerializer;

/**
 * One notifier app on one in-process KRaft broker, shared by the broker tests (one context, one broker). Tenant
 * {@code wm} talks to WireMock, tenant {@code sandbox} to the sandbox order systems; both fetch their OAuth2 tokens
 * from the sandbox's token endpoint; each test uses its own orders.
 * Retries are short: 3 retries from 100 ms. A record unfinished for over 1 s makes the notifier not ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "trackstream.schema-registry-url=mock://notifier-broker-tests",
        "trackstream.notifier.retry.initial-interval=100ms",
        "trackstream.notifier.retry.multiplier=2",
        "trackstream.notifier.retry.max-interval=400ms",
        "trackstream.notifier.retry.max-retries=3",
        // Generous: on a busy machine a first call to WireMock can take seconds; a timeout here would be a retry the
        // test did not ask for (a 400 dead-lettered at attempt 2 instead of 1).
        "trackstream.notifier.http.connect-timeout=5s",
        "trackstream.notifier.http.read-timeout=8s",
        "trackstream.notifier.health.stall-timeout=1s",
        "spring.kafka.consumer.properties.session.timeout.ms=6000",
        "spring.kafka.consumer.properties.heartbeat.interval.ms=500"})
@EmbeddedKafka(partitions = 2, topics = {"orders.auto-close.v1", "shipments.status-changes.v1"},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0"})
abstract class BrokerTestSupport {

    static final String REGISTRY = "mock://notifier-broker-tests";
    static final String WM_TENANT = "wm";
    static final String SANDBOX_TENANT = "sandbox";
    static final String SANDBOX_CARRIYO_KEY = "key-sandbox";
    static final String SANDBOX_CARRIYO_TENANT_ID = "SANDBOX";
    static final String SANDBOX_SHOP_AUTHORIZATION = "Bearer shop-token-sandbox";
    static final String SANDBOX_CLIENT_ID = "trackstream-sandbox";
    static final String SANDBOX_CLIENT_SECRET = "client-secret-sandbox";

    static final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
    static final OrderSystemSandbox sandbox;

    static {
        wiremock.start();
        sandbox = OrderSystemSandbox.start(0);
        sandbox.expectCarriyoApiKey(SANDBOX_CARRIYO_TENANT_ID, SANDBOX_CARRIYO_KEY);
        sandbox.expectCarriyoClient(SANDBOX_CARRIYO_TENANT_ID, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
        // WireMock's tenant fetches its tokens from the sandbox too (WireMock ignores them; its stubs are reset).
        sandbox.expectCarriyoClient("WM", "trackstream-wm", "client-secret-wm");
        sandbox.expectShopAuthorization(SANDBOX_SHOP_AUTHORIZATION);
    }

    @AfterAll
    static void resetPeers() {
        wiremock.resetAll();
    }

    @DynamicPropertySource
    static void orderSystems(DynamicPropertyRegistry registry) {
        String wm = "trackstream.notifier.tenants." + WM_TENANT + ".";
        registry.add(wm + "carriyo.base-url", wiremock::baseUrl);
        registry.add(wm + "carriyo.api-key", () -> "key-wm");
        registry.add(wm + "carriyo.tenant-id", () -> "WM");
        registry.add(wm + "carriyo.oauth2.token-uri", sandbox::carriyoTokenUri);
        registry.add(wm + "carriyo.oauth2.client-id", () -> "trackstream-wm");
        registry.add(wm + "carriyo.oauth2.client-secret", () -> "client-secret-wm");
        String sb = "trackstream.notifier.tenants." + SANDBOX_TENANT + ".";
        registry.add(sb + "carriyo.base-url", sandbox::baseUrl);
        registry.add(sb + "carriyo.api-key", () -> SANDBOX_CARRIYO_KEY);
        registry.add(sb + "carriyo.tenant-id", () -> SANDBOX_CARRIYO_TENANT_ID);
        registry.add(sb + "carriyo.oauth2.token-uri", sandbox::carriyoTokenUri);
        registry.add(sb + "carriyo.oauth2.client-id", () -> SANDBOX_CLIENT_ID);
        registry.add(sb + "carriyo.oauth2.client-secret", () -> SANDBOX_CLIENT_SECRET);
        registry.add(sb + "shop.enabled", () -> "true");
        registry.add(sb + "shop.base-url", sandbox::baseUrl);
        registry.add(sb + "shop.authorization", () -> SANDBOX_SHOP_AUTHORIZATION);
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    TopicNames topics;
    @Autowired
    NotifierProperties properties;
    @Autowired
    MeterRegistry meters;

    /** Writes {@code value} as the processor would (Avro, Confluent wire format) and returns the bytes written. */
    Written write(String topic, String key, SpecificRecord value) {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false);
        return writeRaw(topic, key, serializer.serialize(topic, value));
    }

    /** Writes {@code bytes} as they are (a record no deserializer can read, for instance). */
    Written writeRaw(String topic, String key, byte[] bytes) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, key, bytes)).get(10, TimeUnit.SECONDS);
            return new Written(new TopicPartition(topic, metadata.partition()), metadata.offset(), bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Written(TopicPartition partition, long offset, byte[] value) {
    }

    /** The dead letters of {@code key} now in the dead letter topic. */
    List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.notifierDeadLetters()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(key), l -> !l.isEmpty()).get(0);
    }

    /** Waits until the notifier's group has committed past {@code written}: its outcome is final. */
    void awaitCommitted(Written written) {
        await().atMost(Duration.ofSeconds(60)).until(() -> committed(written.partition())
                .map(o -> o.offset() > written.offset()).orElse(false));
    }

    Optional<OffsetAndMetadata> committed(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            return Optional.ofNullable(admin.listConsumerGroupOffsets(properties.groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition));
        }
    }

    Consumer<String, byte[]> consumer() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-reader", false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    double count(String meter, String... tags) {
        return meters.find(meter).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
