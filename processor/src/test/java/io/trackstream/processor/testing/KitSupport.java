package io.trackstream.processor.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKitOptions;
import io.trackstream.testkit.broker.BrokerKits;
import io.trackstream.topics.TopicCatalog;

/** The processor's real-broker tests on the test-kit's broker and registry: the topics, Avro producers and readers. */
public final class KitSupport {

    /** Exactly-once on a one-node broker needs its transaction and offsets logs at replication 1. */
    private static final Map<String, String> BROKER_PROPERTIES = Map.of(
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "offsets.topic.replication.factor", "1");

    private KitSupport() {
    }

    /** A broker and registry with the catalogue's topics, {@code partitions} each. */
    public static BrokerKit start(int partitions) {
        BrokerKit kit = BrokerKits.start(BrokerKitOptions.defaults().withBrokerProperties(BROKER_PROPERTIES));
        try {
            kit.createTopics(TopicCatalog.defaults().withPartitions(partitions));
            return kit;
        } catch (RuntimeException e) {
            kit.close();
            throw e;
        }
    }

    public static <T extends SpecificRecord> KafkaProducer<String, T> producer(BrokerKit kit) {
        SpecificAvroSerializer<T> values = new SpecificAvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kit.schemaRegistryUrl()), false);
        return kit.producer(new StringSerializer(), values);
    }

    /** Reads a topic from the start; {@code committedOnly} reads with isolation.level=read_committed. */
    public static <T extends SpecificRecord> TopicReader<T> reader(BrokerKit kit, String topic, Class<T> type, boolean committedOnly) {
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(type);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kit.schemaRegistryUrl()), false);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        return new TopicReader<>(consumer);
    }

    /** Whether the kit's registry has {@code subject} (for "every public topic has its subject"). */
    public static boolean hasSubject(BrokerKit kit, String subject) throws IOException, InterruptedException {
        URI versions = URI.create(kit.schemaRegistryUrl() + "/subjects/"
                + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(versions)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200;
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
