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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.trackstream.notifier.OrderNotifierApplication;
import io.trackstream.notifier.config.ListenerGroups;
import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.deadletter.ReplayCommand;
import io.trackstream.notifier.deadletter.ReplayReport;
import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKits;
import io.trackstream.testkit.broker.Ports;
import io.trackstream.testkit.ordersystem.OrderSystemSandbox;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroSerializer;

/**
 * One notifier app on one real broker (the test kit's: in-process KRaft here, a container where Docker runs), shared by
 * the broker tests (one context, one broker). Tenants {@code wm}, {@code slow}, {@code healthy} and {@code throttled}
 * talk to WireMock (each with a circuit of its own: {@code wm} is the one whose tests make it fail), tenant
 * {@code sandbox} to the sandbox order systems, tenant {@code outage} to a WireMock of its own that a test stops and
 * starts again; all fetch their OAuth2 tokens from the sandbox's token endpoint; each test uses its own orders. Waits
 * are short: a record of a failing order system is tried again every 500 ms, a circuit opens for 1 s after 3 failures,
 * and a record is dead-lettered after 20 s of waiting. A record unfinished for over 1 s makes the notifier not ready.
 * A poll may take 30 s, which with these timeouts fits one record per poll.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "trackstream.schema-registry-url=mock://notifier-broker-tests",
        "trackstream.notifier.retry.initial-interval=100ms",
        "trackstream.notifier.retry.multiplier=2",
        "trackstream.notifier.retry.max-interval=400ms",
        "trackstream.notifier.retry.max-retries=3",
        // Generous: on a busy machine a first call to WireMock can take seconds; a timeout here would be a retry the
        // test did not ask for (a 400 dead-lettered at attempt 2 instead of 1).
        "trackstream.notifier.http.connect-timeout=2s",
        "trackstream.notifier.http.read-timeout=8s",
        "trackstream.notifier.health.stall-timeout=1s",
        "trackstream.notifier.waiting.patience=20s",
        "trackstream.notifier.waiting.retry-delay=500ms",
        "trackstream.notifier.waiting.hand-off-timeout=5s",
        "trackstream.notifier.waiting.circuit.failure-threshold=3",
        "trackstream.notifier.waiting.circuit.open-for=1s",
        "spring.kafka.consumer.properties.max.poll.interval.ms=30000",
        "spring.kafka.consumer.properties.session.timeout.ms=6000",
        "spring.kafka.consumer.properties.heartbeat.interval.ms=500"})
abstract class BrokerTestSupport {

    static final String REGISTRY = "mock://notifier-broker-tests";
    static final String WM_TENANT = "wm";
    static final String SANDBOX_TENANT = "sandbox";
    static final String SANDBOX_CARRIYO_KEY = "key-sandbox";
    static final String SANDBOX_CARRIYO_TENANT_ID = "SANDBOX";
    static final String SANDBOX_SHOP_AUTHORIZATION = "Bearer shop-token-sandbox";
    static final String SANDBOX_CLIENT_ID = "trackstream-sandbox";
    static final String SANDBOX_CLIENT_SECRET = "client-secret-sandbox";
    static final String OUTAGE_TENANT = "outage";
    /** WireMock too, for tests that need a circuit no other test opened: slow, never failing, throttling once. */
    static final String SLOW_TENANT = "slow";
    static final String HEALTHY_TENANT = "healthy";
    static final String THROTTLED_TENANT = "throttled";

    /**
     * One broker for the test JVM, so every class sharing the context sees the same address. The kit's broker creates
     * no topic on first use and starts a group's first rebalance at once; the notifier creates its retry and dead
     * letter topics itself.
     */
    static final BrokerKit broker = startBroker();
    static final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
    static final OrderSystemSandbox sandbox;
    /** The port of tenant {@code outage}'s order system: nothing listens there until a test starts one. */
    static final int outagePort;

    static {
        outagePort = Ports.free();
        wiremock.start();
        sandbox = OrderSystemSandbox.start(0);
        sandbox.expectCarriyoApiKey(SANDBOX_CARRIYO_TENANT_ID, SANDBOX_CARRIYO_KEY);
        sandbox.expectCarriyoClient(SANDBOX_CARRIYO_TENANT_ID, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
        // The WireMock tenants fetch their tokens from the sandbox too (WireMock ignores them; its stubs are reset).
        for (String tenant : List.of(WM_TENANT, SLOW_TENANT, HEALTHY_TENANT, THROTTLED_TENANT, OUTAGE_TENANT)) {
            sandbox.expectCarriyoClient(tenant.toUpperCase(java.util.Locale.ROOT), "trackstream-" + tenant,
                    "client-secret-" + tenant);
        }
        sandbox.expectShopAuthorization(SANDBOX_SHOP_AUTHORIZATION);
    }

    /** Starts the broker with the notifier's input topics; it stops once Spring has closed the contexts that use it. */
    private static BrokerKit startBroker() {
        BrokerKit kit = BrokerKits.start();
        kit.createTopics(2, "orders.auto-close.v1", "shipments.status-changes.v1", "shipments.parcel-changes.v1");
        SpringApplication.getShutdownHandlers().add(kit::close);
        return kit;
    }

    @AfterAll
    static void resetPeers() {
        wiremock.resetAll();
    }

    @DynamicPropertySource
    static void brokerAddress(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @DynamicPropertySource
    static void orderSystems(DynamicPropertyRegistry registry) {
        String wm = "trackstream.notifier.tenants." + WM_TENANT + ".";
        registry.add(wm + "carriyo.base-url", wiremock::baseUrl);
        registry.add(wm + "carriyo.api-key", () -> "key-wm");
        registry.add(wm + "carriyo.tenant-id", () -> "WM");
        oauth2(registry, wm, WM_TENANT);
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
        for (String tenant : List.of(SLOW_TENANT, HEALTHY_TENANT, THROTTLED_TENANT)) {
            String prefix = "trackstream.notifier.tenants." + tenant + ".";
            registry.add(prefix + "carriyo.base-url", wiremock::baseUrl);
            registry.add(prefix + "carriyo.api-key", () -> "key-" + tenant);
            registry.add(prefix + "carriyo.tenant-id", () -> tenant.toUpperCase(java.util.Locale.ROOT));
            oauth2(registry, prefix, tenant);
        }
        String out = "trackstream.notifier.tenants." + OUTAGE_TENANT + ".";
        registry.add(out + "carriyo.base-url", () -> "http://localhost:" + outagePort);
        registry.add(out + "carriyo.api-key", () -> "key-outage");
        registry.add(out + "carriyo.tenant-id", () -> "OUTAGE");
        oauth2(registry, out, OUTAGE_TENANT);
    }

    /** A tenant's Carriyo client credentials, granted by the sandbox's token endpoint. */
    private static void oauth2(DynamicPropertyRegistry registry, String prefix, String tenant) {
        registry.add(prefix + "carriyo.oauth2.token-uri", sandbox::carriyoTokenUri);
        registry.add(prefix + "carriyo.oauth2.client-id", () -> "trackstream-" + tenant);
        registry.add(prefix + "carriyo.oauth2.client-secret", () -> "client-secret-" + tenant);
    }

    @Autowired
    TopicNames topics;
    @Autowired
    NotifierProperties properties;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ListenerGroups groups;

    /** Writes {@code value} as the processor would (Avro, Confluent wire format) and returns the bytes written. */
    Written write(String topic, String key, SpecificRecord value) {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false);
        return writeRaw(topic, key, serializer.serialize(topic, value));
    }

    /** Writes {@code bytes} as they are (a record no deserializer can read, for instance). */
    Written writeRaw(String topic, String key, byte[] bytes) {
        try (KafkaProducer<String, byte[]> producer = broker.producer(new StringSerializer(),
                new ByteArraySerializer())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, key, bytes)).get(10, TimeUnit.SECONDS);
            return new Written(new TopicPartition(topic, metadata.partition()), metadata.offset(), bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Written(TopicPartition partition, long offset, byte[] value) {
    }

    /** Writes {@code values} under one key with one producer, back to back, as one burst. */
    List<Written> writeAll(String topic, String key, List<? extends SpecificRecord> values) {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false);
        try (KafkaProducer<String, byte[]> producer = broker.producer(new StringSerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
            List<byte[]> bytes = new ArrayList<>();
            for (SpecificRecord value : values) {
                byte[] b = serializer.serialize(topic, value);
                bytes.add(b);
                sends.add(producer.send(new ProducerRecord<>(topic, key, b)));
            }
            List<Written> written = new ArrayList<>();
            for (int i = 0; i < sends.size(); i++) {
                RecordMetadata metadata = sends.get(i).get(10, TimeUnit.SECONDS);
                written.add(new Written(new TopicPartition(topic, metadata.partition()), metadata.offset(), bytes.get(i)));
            }
            return written;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dead letters of {@code key} now in the dead letter topic. */
    List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        return records(topics.notifierDeadLetters(), key);
    }

    ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(key), l -> !l.isEmpty()).get(0);
    }

    /**
     * Waits until the notifier's group has committed past {@code written} and nothing waits in the retry topic any
     * more: its outcome is final (applied, dead-lettered, or given up on after a wait).
     */
    void awaitCommitted(Written written) {
        awaitCommitted(written, Duration.ofSeconds(60));
    }

    void awaitCommitted(Written written, Duration atMost) {
        await().atMost(atMost).until(() -> committed(written.partition())
                .map(o -> o.offset() > written.offset()).orElse(false) && retryTopicFullyCommitted());
    }

    /** True once the retry topic's consumer has committed everything written to it: nothing waits any more. */
    boolean retryTopicFullyCommitted() throws Exception {
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.notifierRetry()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(topics.notifierRetry());
            for (TopicPartition partition : partitions) {
                long committedOffset = Optional.ofNullable(committed.get(partition)).map(OffsetAndMetadata::offset).orElse(0L);
                if (committedOffset < end.get(partition)) {
                    return false;
                }
            }
            return true;
        }
    }

    Optional<OffsetAndMetadata> committed(TopicPartition partition) throws Exception {
        return Optional.ofNullable(committedOffsets(partition.topic()).get(partition));
    }

    /** What the group reading {@code topic} has committed, asked once for all of its partitions. */
    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(groups.of(topics, topic))
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        }
    }

    Consumer<String, byte[]> consumer() {
        return broker.consumer("test-reader", new StringDeserializer(), new ByteArrayDeserializer());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** What a run of the replay command left: its exit code and its report (null when it did not run). */
    record ReplayRun(int exitCode, ReplayReport report) {
    }

    /** Runs the app as an operator would: {@code --replay-dead-letters} and {@code options}, against the test broker. */
    ReplayRun replayCommand(String... options) {
        List<String> args = new ArrayList<>(List.of("--" + ReplayCommand.OPTION,
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--trackstream.schema-registry-url=" + REGISTRY,
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(options));
        try (ConfigurableApplicationContext replay = OrderNotifierApplication.start(args.toArray(String[]::new))) {
            ReplayCommand command = replay.getBean(ReplayCommand.class);
            return new ReplayRun(command.getExitCode(), command.lastReport());
        }
    }

    /** The records of {@code key} in {@code topic}, from its beginning. */
    List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    double count(String meter, String... tags) {
        return meters.find(meter).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
