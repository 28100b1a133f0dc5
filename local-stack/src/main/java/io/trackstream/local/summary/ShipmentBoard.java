package io.trackstream.local.summary;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.trackstream.avro.Shipment;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest status of every shipment, read from {@code shipments.v1} (the processor's table changelog) the way any
 * downstream service would: the Confluent-wire-format Avro deserializer with the schema registry, committed records
 * only, every partition from the beginning, no consumer group.
 */
public final class ShipmentBoard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShipmentBoard.class);

    private final KafkaConsumer<String, Shipment> consumer;
    private final String topic;
    private final Map<String, String> statusById = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public ShipmentBoard(String bootstrapServers, String schemaRegistryUrl, String topic) {
        this.topic = topic;
        SpecificAvroDeserializer<Shipment> values = new SpecificAvroDeserializer<>(Shipment.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl), false);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "local-stack-summary"), new StringDeserializer(), values);
        this.thread = new Thread(this::run, "shipment-board");
        thread.setDaemon(true);
    }

    public ShipmentBoard start() {
        thread.start();
        return this;
    }

    /** Shipments by their current status, in the order of the canonical model. */
    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new TreeMap<>(ShipmentBoard::byStatusOrder);
        statusById.values().forEach(status -> counts.merge(status, 1L, Long::sum));
        return counts;
    }

    public Map<String, String> statusById() {
        return Map.copyOf(statusById);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, Shipment> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        statusById.remove(record.key());
                    } else {
                        statusById.put(record.key(), record.value().getStatus().name());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                log.warn("Stopped reading {} for the summary: {}", topic, e.toString());
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shipment statuses from the furthest along to the least (docs/processor.md), unknown names last. */
    private static final List<String> ORDER = List.of("DELIVERED", "PARTIALLY_DELIVERED", "OUT_FOR_DELIVERY",
            "AVAILABLE_FOR_PICKUP", "DELIVERY_ATTEMPT_FAILED", "EXCEPTION", "DELAYED", "IN_TRANSIT", "PICKED_UP",
            "INFO_RECEIVED", "UNKNOWN", "PENDING", "RETURNING_TO_SENDER", "RETURNED_TO_SENDER", "CANCELLED", "EXPIRED");

    private static int byStatusOrder(String a, String b) {
        int ia = ORDER.indexOf(a);
        int ib = ORDER.indexOf(b);
        ia = ia < 0 ? ORDER.size() : ia;
        ib = ib < 0 ? ORDER.size() : ib;
        return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
    }
}
