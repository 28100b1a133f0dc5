package io.trackstream.processor.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.topics.TopicCatalog;

/** A real in-process KRaft broker for the few tests that need one, with the public topics created explicitly. */
public final class RealBroker implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final String registryUrl;

    public RealBroker(int partitions, String registryUrl) {
        this.registryUrl = registryUrl;
        broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1"));
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            List<NewTopic> topics = TopicCatalog.defaults().withPartitions(partitions).topics().stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs())).toList();
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topics", e);
        }
    }

    public String bootstrap() {
        return broker.getBrokersAsString();
    }

    public <T extends SpecificRecord> KafkaProducer<String, T> producer() {
        SpecificAvroSerializer<T> values = new SpecificAvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** Reads a topic from the start; {@code committedOnly} reads with isolation.level=read_committed. */
    public <T extends SpecificRecord> TopicReader<T> reader(String topic, Class<T> type, boolean committedOnly) {
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(type);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        return new TopicReader<>(consumer);
    }

    @Override
    public void close() {
        broker.destroy();
    }

    /** Accumulates what a topic holds; {@link #poll()} reads what has arrived since the last call. */
    public static final class TopicReader<T> implements AutoCloseable {

        private final KafkaConsumer<String, T> consumer;
        private final List<ConsumerRecord<String, T>> records = new ArrayList<>();

        TopicReader(KafkaConsumer<String, T> consumer) {
            this.consumer = consumer;
        }

        public synchronized List<ConsumerRecord<String, T>> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return List.copyOf(records);
        }

        public List<T> values() {
            return poll().stream().map(ConsumerRecord::value).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
