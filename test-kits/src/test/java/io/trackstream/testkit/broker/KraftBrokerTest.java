package io.trackstream.testkit.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.trackstream.testkit.stack.TopicProvisioner;
import io.trackstream.topics.TopicCatalog;
import io.trackstream.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The local broker is a real KRaft broker that creates the contract's topics and keeps its data across a restart. */
class KraftBrokerTest {

    @Test
    void createsEveryTopicWithItsPartitionsAndCleanupPolicyAndKeepsDataAcrossARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("local-broker");
        TopicCatalog catalog = TopicCatalog.defaults().withPartitions(2);
        int port;
        int controllerPort;

        try (KraftBroker broker = new KraftBroker(dataDir, 0, 0).start()) {
            port = broker.port();
            controllerPort = broker.controllerPort();
            assertThat(TopicProvisioner.ensure(broker.bootstrapServers(), catalog)).hasSize(catalog.topics().size());
            assertTopicsMatch(broker.bootstrapServers(), catalog);
            send(broker.bootstrapServers(), "tracking.raw.v1", "elta:ZU500011420GR", "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
        }

        try (KraftBroker restarted = new KraftBroker(dataDir, port, controllerPort).start()) {
            assertThat(TopicProvisioner.ensure(restarted.bootstrapServers(), catalog)).as("nothing to create again").isEmpty();
            assertThat(readAll(restarted.bootstrapServers(), "tracking.raw.v1")).containsExactly("elta:ZU500011420GR=ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
        }
    }

    private static void assertTopicsMatch(String bootstrap, TopicCatalog catalog) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(catalog.topics().stream().map(TopicSpec::name).toList());
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = catalog.topics().stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (TopicSpec spec : catalog.topics()) {
                assertThat(descriptions.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).get("cleanup.policy").value();
                assertThat(policy).as(spec.name()).isEqualTo(spec.compacted() ? "compact" : "delete");
            }
        }
    }

    private static void send(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.key() + "=" + r.value()));
            }
        }
        return records;
    }
}
