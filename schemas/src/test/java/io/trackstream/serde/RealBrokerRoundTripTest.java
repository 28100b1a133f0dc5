package io.trackstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.trackstream.fixtures.SeedRecords;
import io.trackstream.topics.TopicCatalog;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One record of each contract type through a real (in-process KRaft) broker, written and read with the serde. */
class RealBrokerRoundTripTest {

    private static final String REGISTRY = "mock://real-broker-round-trip";
    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            List<NewTopic> topics = TopicCatalog.defaults().withPartitions(1).topics().stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs())).toList();
            admin.createTopics(topics).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
        MockSchemaRegistry.dropScope("real-broker-round-trip");
    }

    @Test
    void everyTopicCarriesItsRecordTypeThroughTheBroker() throws Exception {
        Map<String, SpecificRecord> sent = SeedRecords.oneOfEachTopic();
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), serializer)) {
            for (var entry : sent.entrySet()) {
                producer.send(new ProducerRecord<>(entry.getKey(), "key-" + entry.getKey(), entry.getValue())).get();
            }
        }

        Map<String, Object> received = new HashMap<>();
        SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false);
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(consumerProps(), new StringDeserializer(), deserializer)) {
            consumer.subscribe(sent.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(record.key()).isEqualTo("key-" + record.topic());
                    received.put(record.topic(), record.value());
                }
            }
        }

        assertThat(received).containsExactlyInAnyOrderEntriesOf(sent);
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    private static Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
