package io.trackstream.testkit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.trackstream.fixtures.SeedRecords;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.topics.TopicCatalog;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * One record of each contract type through a real broker and the kit's registry, written and read with the project's
 * serde (Confluent's registry on the container path). Here, not in the schemas module: the kit depends on it.
 */
class RealBrokerRoundTripTest {

    @Test
    void everyTopicCarriesItsRecordTypeThroughTheBroker() throws Exception {
        try (BrokerKit kit = BrokerKits.start()) {
            kit.createTopics(TopicCatalog.defaults().withPartitions(1));
            Map<String, String> registry = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kit.schemaRegistryUrl());
            Map<String, SpecificRecord> sent = SeedRecords.oneOfEachTopic();

            SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
            serializer.configure(registry, false);
            try (KafkaProducer<String, SpecificRecord> producer = kit.producer(new StringSerializer(), serializer)) {
                for (var entry : sent.entrySet()) {
                    producer.send(new ProducerRecord<>(entry.getKey(), "key-" + entry.getKey(), entry.getValue())).get(30, TimeUnit.SECONDS);
                }
            }

            Map<String, Object> received = new HashMap<>();
            SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
            deserializer.configure(registry, false);
            try (KafkaConsumer<String, SpecificRecord> consumer = kit.consumer("round-trip", new StringDeserializer(), deserializer)) {
                consumer.subscribe(sent.keySet());
                await("one record of each topic").atMost(Duration.ofSeconds(60)).until(() -> {
                    for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(record.key()).isEqualTo("key-" + record.topic());
                        received.put(record.topic(), record.value());
                    }
                    return received.size() >= sent.size();
                });
            }

            assertThat(received).containsExactlyInAnyOrderEntriesOf(sent);
        }
    }
}
