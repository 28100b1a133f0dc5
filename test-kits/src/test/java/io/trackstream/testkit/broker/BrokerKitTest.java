package io.trackstream.testkit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.trackstream.topics.TopicCatalog;
import io.trackstream.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The broker kit on the backend this machine has ({@link BrokerKits#start()}): what every real-broker test relies on. */
class BrokerKitTest {

    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static BrokerKit kit;

    @BeforeAll
    static void startKit() {
        kit = BrokerKits.start();
    }

    @AfterAll
    static void closeKit() {
        kit.close();
    }

    @Test
    void createsTheCataloguesTopicsWithTheirPartitionsAndCleanupPoliciesOnce() throws Exception {
        TopicCatalog catalog = TopicCatalog.defaults();

        assertThat(kit.createTopics(catalog)).containsExactlyInAnyOrderElementsOf(catalog.topics().stream().map(TopicSpec::name).toList());

        try (Admin admin = kit.admin()) {
            List<String> names = catalog.topics().stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : catalog.topics()) {
                assertThat(descriptions.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).get("cleanup.policy").value())
                        .as(spec.name()).isEqualTo(spec.compacted() ? "compact" : "delete");
            }
        }
        assertThat(kit.createTopics(catalog)).as("nothing left to create").isEmpty();
    }

    @Test
    void aStoppedBrokerIsGoneForClientsAndComesBackAtTheSameAddressWithItsRecordsAndCommittedOffsets() throws Exception {
        String topic = "kit.restart";
        kit.createTopics(1, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = kit.producer(new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "elta:ZU500011420GR", "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, "elta:ZU500011420GR", "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ")).get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll(topic, "kit-restart-before", 2)).containsExactly("ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ", "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
        // a group that has read the first record
        try (KafkaConsumer<String, String> consumer = kit.consumer("kit-restart-group", new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(1)), Duration.ofSeconds(30));
        }
        String address = kit.bootstrapServers();

        kit.stop();
        try (Admin impatient = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
            assertThatThrownBy(() -> impatient.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        }

        kit.start();
        assertThat(kit.bootstrapServers()).isEqualTo(address);
        assertThat(readAll(topic, "kit-restart-after", 2)).as("the records are kept")
                .containsExactly("ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ", "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
        try (Admin admin = kit.admin()) {
            assertThat(admin.listConsumerGroupOffsets("kit-restart-group").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                    .as("the group's committed offset is kept").containsEntry(partition, new OffsetAndMetadata(1));
        }
        assertThat(readAll(topic, "kit-restart-group", 1)).as("the group resumes after what it had read")
                .containsExactly("ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
    }

    @Test
    void aSecondKitRunsBesideTheFirstWithABrokerAndARegistryOfItsOwn() throws Exception {
        try (BrokerKit second = BrokerKits.start()) {
            assertThat(second.bootstrapServers()).isNotEqualTo(kit.bootstrapServers());
            assertThat(second.schemaRegistryUrl()).isNotEqualTo(kit.schemaRegistryUrl());
            second.createTopics(1, "kit.second-only");
            try (Admin mine = second.admin(); Admin first = kit.admin()) {
                assertThat(mine.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kit.second-only");
                assertThat(first.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("kit.second-only");
            }
        }
        assertThat(readAllAfterProducing("kit.first-still-serves")).containsExactly("ΠΡΟΣ ΠΑΡΑΔΟΣΗ");
    }

    /** The in-process backend's fixed ports (the local stack's 9092/9093/8081): one that is taken fails the start at once. */
    @ParameterizedTest(name = "{0} port taken")
    @ValueSource(strings = {"broker", "controller", "registry"})
    void aFixedPortThatIsTakenFailsTheStartAtOnceNamingThePort(String role) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Function<Integer, BrokerKitOptions> options = p -> switch (role) {
                case "broker" -> BrokerKitOptions.defaults().withPorts(p, 0, 0);
                case "controller" -> BrokerKitOptions.defaults().withPorts(0, p, 0);
                default -> BrokerKitOptions.defaults().withPorts(0, 0, p);
            };
            BrokerKitOptions withTakenPort = options.apply(port).withDataDir(Files.createTempDirectory("kit-taken-port"));
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> BrokerKits.startInProcess(withTakenPort).close())
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("127.0.0.1:" + port + " is taken"));
        }
    }

    private static List<String> readAllAfterProducing(String topic) throws Exception {
        kit.createTopics(1, topic);
        try (KafkaProducer<String, String> producer = kit.producer(new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "acs:7212345678", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ")).get(30, TimeUnit.SECONDS);
        }
        return readAll(topic, "kit-reader-" + topic, 1);
    }

    /** Subscribes as {@code group} and reads until {@code expected} records came; waits on the count, not on a timeout. */
    private static List<String> readAll(String topic, String group, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = kit.consumer(group, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await(expected + " records of " + topic).atMost(BUDGET).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return values.size() >= expected;
            });
        }
        return values;
    }
}
