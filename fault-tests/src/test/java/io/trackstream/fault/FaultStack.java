package io.trackstream.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKitOptions;
import io.trackstream.testkit.broker.BrokerKits;
import io.trackstream.testkit.broker.Ports;
import io.trackstream.testkit.carrier.CarrierSandbox;
import io.trackstream.testkit.carrier.DemoScenario;
import io.trackstream.testkit.ordersystem.OrderSystemSandbox;
import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.topics.TopicCatalog;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the fault suite runs on, as in production: a real Kafka broker and a Schema Registry from the broker kit
 * (containers where Docker is, in-process otherwise; the broker can be stopped and started again at the same address
 * with its data), every topic of the contract, the order-system sandbox, and the apps from their exec jars, each its
 * own JVM that can be killed with SIGKILL and started again. The {@link Layout} says how many instances of each app
 * run: one of each by default; with several processors each has its own state directory, {@code application-server}
 * and client id and they share a forwarding secret; each poller calls a carrier sandbox of its own, so the calls of
 * each poller can be told apart.
 */
final class FaultStack implements AutoCloseable {

    static final String TENANT = "athens";
    static final String INGEST_TOKEN = "app_fault-ingest-token";
    static final String READ_TOKEN = "app_fault-read-token";
    static final String SHIPLEMON_SECRET = "fault-shiplemon-secret";
    static final String CARRIYO_API_KEY = "fault-carriyo-key";
    static final String CARRIYO_CLIENT_ID = "fault-carriyo-client";
    static final String CARRIYO_CLIENT_SECRET = "fault-carriyo-client-secret";
    static final String FORWARDING_SECRET = "fault-forwarding-secret";
    /** The processor's consumer group: its Kafka Streams application id. */
    static final String PROCESSOR_GROUP = "trackstream-processor";
    static final String POLLER_GROUP = "producer-pollers";
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    /** Generous: several JVMs start at once on two busy cores. */
    private static final Duration HEALTHY = Duration.ofSeconds(300);

    /**
     * How many instances of each app, on how many partitions per topic.
     *
     * @param polled            the shipments the carrier sandboxes serve to the pollers; null without pollers
     * @param pollEverySeconds  the pollers' Shiplemon cycle (a divisor of 60)
     * @param processorSettings added to every processor's configuration (Kafka Streams properties, say)
     */
    record Layout(int partitions, int processors, int ingests, int pollers, DemoScenario polled, int pollEverySeconds,
                  Map<String, Object> processorSettings) {

        /** One instance of webhook-ingest, the processor and order-notifier, no pollers, 2 partitions. */
        static Layout single() {
            return new Layout(2, 1, 1, 0, null, 0, Map.of());
        }
    }

    final Path dir;
    final Layout layout;
    final BrokerKit broker;
    final OrderSystemSandbox orders;
    final List<AppProcess> ingests = new ArrayList<>();
    final List<AppProcess> processors = new ArrayList<>();
    final List<AppProcess> pollers = new ArrayList<>();
    /** The carrier sandbox of each poller, by the poller's index. */
    final List<CarrierSandbox> carriers = new ArrayList<>();
    final AppProcess ingest;
    final AppProcess notifier;
    private final Path logs;
    private final Admin admin;
    private boolean closed;

    private FaultStack(Path dir, Layout layout) throws IOException {
        this.dir = dir;
        this.layout = layout;
        // The apps only need the broker's and the registry's addresses, so either backend runs the suite.
        broker = BrokerKits.start(BrokerKitOptions.defaults().withDataDir(dir));
        broker.createTopics(TopicCatalog.defaults().withPartitions(layout.partitions()));
        admin = broker.admin();
        orders = OrderSystemSandbox.start(0);
        orders.expectCarriyoApiKey(TENANT, CARRIYO_API_KEY);
        orders.expectCarriyoClient(TENANT, CARRIYO_CLIENT_ID, CARRIYO_CLIENT_SECRET);

        logs = dir.resolve("logs");
        for (int i = 0; i < layout.ingests(); i++) {
            ingests.add(new AppProcess(name("webhook-ingest", i, layout.ingests()), jar("webhook-ingest"), Ports.free(), ingestConfig(), logs, "256m"));
        }
        for (int i = 0; i < layout.processors(); i++) {
            processors.add(processorProcess(i, Ports.free(), layout.processorSettings()));
        }
        for (int i = 0; i < layout.pollers(); i++) {
            CarrierSandbox carrier = new CarrierSandbox(layout.polled(), 0, 0);
            carriers.add(carrier);
            pollers.add(new AppProcess(name("producer-pollers", i, layout.pollers()), jar("producer-pollers"), Ports.free(),
                    pollerConfig(carrier), logs, "256m"));
        }
        ingest = ingests.get(0);
        notifier = new AppProcess("order-notifier", jar("order-notifier"), Ports.free(), notifierConfig(), logs, "256m");
    }

    static FaultStack start() throws IOException {
        return start(Layout.single());
    }

    static FaultStack start(Layout layout) throws IOException {
        Files.createDirectories(ROOT.resolve("fault-tests/target"));
        FaultStack stack = new FaultStack(Files.createTempDirectory(ROOT.resolve("fault-tests/target"), "fault-stack-"), layout);
        // The app JVMs must not outlive an aborted test run.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-fault-stack"));
        // All start at once (their start-up overlaps on the cores), then each is awaited.
        List<AppProcess> apps = stack.apps();
        apps.forEach(AppProcess::start);
        apps.forEach(app -> app.awaitHealthy(HEALTHY));
        return stack;
    }

    /** The single processor of {@link Layout#single()} (the first of several). */
    AppProcess processor() {
        return processors.get(0);
    }

    /** SIGKILL, then a new process with the same configuration and state directory, awaited healthy. */
    void killAndRestart(AppProcess app) {
        app.kill();
        restart(app);
    }

    /** Starts a stopped or killed app again with the same configuration and state directory, awaited healthy. */
    void restart(AppProcess app) {
        app.start();
        app.awaitHealthy(HEALTHY);
    }

    private List<AppProcess> apps() {
        List<AppProcess> apps = new ArrayList<>(ingests);
        apps.addAll(processors);
        apps.addAll(pollers);
        apps.add(notifier);
        return apps;
    }

    /** {@code module} alone, or {@code module-1}, {@code module-2}, ... when several run. */
    private static String name(String module, int index, int count) {
        return count == 1 ? module : module + "-" + (index + 1);
    }

    private Map<String, Object> common() {
        Map<String, Object> p = new TreeMap<>();
        p.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        p.put("trackstream.schema-registry-url", broker.schemaRegistryUrl());
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

    private AppProcess processorProcess(int index, int port, Map<String, Object> settings) {
        String name = name("processor", index, layout.processors());
        Map<String, Object> p = common();
        p.put("spring.kafka.streams.state-dir", dir.resolve(name + "-state").toString());
        p.put("trackstream.security.app-tokens[0].token", READ_TOKEN);
        p.put("trackstream.security.app-tokens[0].tenant", TENANT);
        p.put("trackstream.security.app-tokens[0].scopes", List.of("READ_SHIPPING"));
        if (layout.processors() > 1) {
            // Where the others forward read requests for this instance's keys, and how this instance is named in the group.
            p.put("trackstream.processor.application-server", "127.0.0.1:" + port);
            p.put("trackstream.processor.forwarding.secret", FORWARDING_SECRET);
            p.put("spring.kafka.streams.client-id", name);
        }
        p.putAll(settings);
        return new AppProcess(name, jar("processor"), port, p, logs, "384m");
    }

    /** Shiplemon only, from this poller's own carrier sandbox, on a short cycle; the other providers are off. */
    private Map<String, Object> pollerConfig(CarrierSandbox carrier) {
        Map<String, Object> p = common();
        p.put("trackstream.security.app-tokens[0].token", READ_TOKEN);
        p.put("trackstream.security.app-tokens[0].tenant", TENANT);
        p.put("trackstream.security.app-tokens[0].scopes", List.of("READ_SHIPPING"));
        String shiplemon = "trackstream.pollers.providers.shiplemon.";
        p.put(shiplemon + "schedule", "*/" + layout.pollEverySeconds() + " * * * * *");
        // A cycle's calls within its first fifth, so a late one still falls inside its cycle.
        p.put(shiplemon + "spread", Duration.ofSeconds(layout.pollEverySeconds()).dividedBy(5).toString());
        p.put(shiplemon + "requests-per-second", 50);
        p.put(shiplemon + "accounts.default.base-url", carrier.baseUrl("shiplemon"));
        p.put(shiplemon + "accounts.default.api-key", CarrierSandbox.SHIPLEMON_API_KEY);
        p.put("trackstream.pollers.providers.salesive.enabled", false);
        p.put("trackstream.pollers.providers.courier-sync.enabled", false);
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
        // Short waits so an order service that is away for seconds is waited out within the test: a waiting close is
        // tried again every 500 ms, an open circuit lets a trial call through after 1 s.
        p.put("trackstream.notifier.waiting.retry-delay", "500ms");
        p.put("trackstream.notifier.waiting.circuit.open-for", "1s");
        p.put("trackstream.notifier.retry.initial-interval", "200ms");
        p.put("trackstream.notifier.retry.max-interval", "2s");
        p.put("trackstream.notifier.retry.max-retries", 12);
        return p;
    }

    /** The partitions each member of a consumer group holds now, by the member's client id. */
    Map<String, Set<TopicPartition>> assignments(String group) {
        try {
            Map<String, Set<TopicPartition>> byClient = new TreeMap<>();
            for (MemberDescription member : admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()) {
                byClient.computeIfAbsent(member.clientId(), c -> new HashSet<>()).addAll(member.assignment().topicPartitions());
            }
            return byClient;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot describe the consumer group " + group, e);
        }
    }

    /** The offsets a consumer group has committed. */
    Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> offsets.put(tp, o == null ? 0L : o.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the offsets of " + group, e);
        }
    }

    /** The end offset of each partition. */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(specs).all().get().forEach((tp, o) -> ends.put(tp, o.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read end offsets of " + partitions, e);
        }
    }

    /** Every record of a topic that is committed now, decoded. */
    <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(String topic, Class<T> type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(type);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, broker.schemaRegistryUrl()), false);
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
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
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
        AppProcess.closeAll(apps());
        carriers.forEach(CarrierSandbox::close);
        orders.close();
        admin.close();
        broker.close();
    }

    private static Path jar(String module) {
        Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the reactor packages it before this module (mvn -B verify)");
        }
        return jar;
    }
}
