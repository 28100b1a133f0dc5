package io.trackstream.testkit.broker;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import io.trackstream.testkit.stack.TopicProvisioner;
import io.trackstream.topics.TopicCatalog;

/**
 * A real Kafka broker and a Schema Registry for tests, the fault suite and the benchmarks, whichever backend runs them
 * ({@link BrokerKits#start}): containers where Docker is, the in-process KRaft broker and the project's registry
 * elsewhere. Topics are created explicitly (auto-creation is off, as in production).
 */
public interface BrokerKit extends AutoCloseable {

    enum Backend {
        /** The KRaft broker of the {@code kafka_2.13} artifact in this JVM, and the project's registry. */
        IN_PROCESS,
        /** Testcontainers: the {@code apache/kafka} image in KRaft mode and the Schema Registry image of the compose file. */
        CONTAINER
    }

    Backend backend();

    String bootstrapServers();

    /** The Schema Registry's {@code http://host:port}. */
    String schemaRegistryUrl();

    /** Creates the catalogue's topics that do not exist yet, with their partitions and configs; returns their names. */
    default Set<String> createTopics(TopicCatalog catalog) {
        return TopicProvisioner.ensure(bootstrapServers(), catalog);
    }

    /** Creates {@code names} with {@code partitions} each (replication 1), leaving existing ones as they are. */
    default void createTopics(int partitions, String... names) {
        Topics.create(this, partitions, names);
    }

    /** Stops the broker, keeping its data and its address; clients see it gone until {@link #start()}. */
    void stop();

    /** Starts a stopped broker again at the same address and returns once it serves. */
    void start();

    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** An idempotent producer with {@code acks=all}. */
    default <K, V> KafkaProducer<K, V> producer(Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), keys, values);
    }

    /** A consumer reading committed records from the beginning, committing nothing unless asked. */
    default <K, V> KafkaConsumer<K, V> consumer(String groupId, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                keys, values);
    }

    /** Stops the broker and the registry and removes what they stored (unless the caller chose the data folder). */
    @Override
    void close();

    /** How long a start may take before it fails with the reason. */
    Duration START_TIMEOUT = Duration.ofSeconds(90);
}
