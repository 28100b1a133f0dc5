package io.trackstream.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.testkit.stack.LocalKafkaBroker;
import io.trackstream.testkit.stack.LocalSchemaRegistry;
import io.trackstream.testkit.stack.TopicProvisioner;
import io.trackstream.testkit.ordersystem.OrderSystemSandbox;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.topics.TopicCatalog;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the fault suite runs on, as in production: a real KRaft broker (restartable on the same port and data), a
 * schema registry speaking the Confluent REST API, every topic of the contract, the order-system sandbox, and
 * webhook-ingest, the processor and order-notifier from their exec jars, each its own JVM that can be killed with
 * SIGKILL and started again.
 */
final class FaultStack implements AutoCloseable {

    static final String TENANT = "athens";
    static final String INGEST_TOKEN = "app_fault-ingest-token";
    static final String READ_TOKEN = "app_fault-read-token";
    static final String SHIPLEMON_SECRET = "fault-shiplemon-secret";
    static final String CARRIYO_API_KEY = "fault-carriyo-key";
    static final String CARRIYO_CLIENT_ID = "fault-carriyo-client";
    static final String CARRIYO_CLIENT_SECRET = "fault-carriyo-client-secret";
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Duration HEALTHY = Duration.ofSeconds(180);

    final Path dir;
    final LocalKafkaBroker broker;
    final LocalSchemaRegistry registry;
    final OrderSystemSandbox orders;
    final AppProcess ingest;
    final AppProcess processor;
    final AppProcess notifier;
    private final Admin admin;
    private boolean closed;

    private FaultStack(Path dir) throws IOException {
        this.dir = dir;
        broker = new LocalKafkaBroker(dir.resolve("broker"), 0, 0).start();
        registry = new LocalSchemaRegistry(dir.resolve("registry"), freePort());
        TopicProvisioner.ensure(broker.bootstrapServers(), TopicCatalog.defaults().withPartitions(2));
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        orders = OrderSystemSandbox.start(0);
        orders.expectCarriyoApiKey(TENANT, CARRIYO_API_KEY);
        orders.expectCarriyoClient(TENANT, CARRIYO_CLIENT_ID, CARRIYO_CLIENT_SECRET);

        Path logs = dir.resolve("logs");
        ingest = new AppProcess("webhook-ingest", jar("webhook-ingest"), freePort(), ingestConfig(), logs, "256m");
        processor = new AppProcess("processor", jar("processor"), freePort(), processorConfig(), logs, "384m");
        notifier = new AppProcess("order-notifier", jar("order-notifier"), freePort(), notifierConfig(), logs, "256m");
    }

    static FaultStack start() throws IOException {
        Files.createDirectories(ROOT.resolve("fault-tests/target"));
        FaultStack stack = new FaultStack(Files.createTempDirectory(ROOT.resolve("fault-tests/target"), "fault-stack-"));
        // The app JVMs must not outlive an aborted test run.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-fault-stack"));
        List<AppProcess> apps = List.of(stack.ingest, stack.processor, stack.notifier);
        apps.forEach(AppProcess::start);
        apps.forEach(app -> app.awaitHealthy(HEALTHY));
        return stack;
    }

    /** SIGKILL, then a new process with the same configuration and state directory, awaited healthy. */
    void killAndRestart(AppProcess app) {
        app.kill();
        app.start();
        app.awaitHealthy(HEALTHY);
    }

    private Map<String, Object> common() {
        Map<String, Object> p = new TreeMap<>();
        p.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        p.put("trackstream.schema-registry-url", registry.url());
        return p;
    }

    private Map<String, Object> ingestConfig() {
        Map<String, Object> p = common();
        p.put("trackstream.security.app-tokens[0].token", INGEST_TOKEN);
        p.put("trackstream.security.app-tokens[0].tenant", TENANT);
        p.put("trackstream.security.app-tokens[0].scopes", List.of("WRITE_SHIPPING"));
        p.put("trackstream.ingest.webhooks.shiplemon.secret", SHIPLEMON_SECRET);
        return p;
    }

    private Map<String, Object> processorConfig() {
        Map<String, Object> p = common();
        p.put("spring.kafka.streams.state-dir", dir.resolve("processor-state").toString());
        p.put("trackstream.security.app-tokens[0].token", READ_TOKEN);
        p.put("trackstream.security.app-tokens[0].tenant", TENANT);
        p.put("trackstream.security.app-tokens[0].scopes", List.of("READ_SHIPPING"));
        return p;
    }

    private Map<String, Object> notifierConfig() {
        Map<String, Object> p = common();
        String tenant = "trackstream.notifier.tenants." + TENANT;
        p.put(tenant + ".carriyo.enabled", true);
        p.put(tenant + ".carriyo.base-url", orders.baseUrl());
        p.put(tenant + ".carriyo.api-key", CARRIYO_API_KEY);
        p.put(tenant + ".carriyo.tenant-id", TENANT);
        p.put(tenant + ".carriyo.oauth2.token-uri", orders.carriyoTokenUri());
        p.put(tenant + ".carriyo.oauth2.client-id", CARRIYO_CLIENT_ID);
        p.put(tenant + ".carriyo.oauth2.client-secret", CARRIYO_CLIENT_SECRET);
        // Short back-off so an order service that is away for seconds is waited out within the test.
        p.put("trackstream.notifier.retry.initial-interval", "200ms");
        p.put("trackstream.notifier.retry.max-interval", "2s");
        p.put("trackstream.notifier.retry.max-retries", 12);
        return p;
    }

    /** Every record of a topic that is committed now, decoded. */
    <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(String topic, Class<T> type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(type);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        List<ConsumerRecord<String, T>> out = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Records in a topic (all, committed or not: for topics written without transactions). */
    long recordCount(String topic) {
        try {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(specs).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot count the records of " + topic, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AppProcess app : List.of(notifier, processor, ingest)) {
            try {
                app.close();
            } catch (RuntimeException e) {
                app.kill();
            }
        }
        orders.close();
        admin.close();
        registry.close();
        broker.close();
    }

    private static Path jar(String module) {
        Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the reactor packages it before this module (mvn -B verify)");
        }
        return jar;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
