package io.trackstream.processor.redrive;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.contract.ParcelKey;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.serde.SpecificAvroSerializer;

/**
 * Re-drives the events the processor could not map: reads {@code tracking.raw.rejected.v1} to its end, takes the
 * records of reason UNMAPPED_STATUS for one provider and carrier code that carry their raw event, and writes those
 * events back to {@code tracking.raw.v1} (a new eventId; everything the carrier said unchanged). The processor's
 * dedupe applies only what the parcel's history lacks: events it still holds (mapped again in the background when
 * the tables changed) are dropped as repeats.
 */
public final class UnmappedRedrive {

    /** What a run did. */
    public record Report(int matched, int redriven, boolean dryRun) {
    }

    private final Map<String, Object> kafka;
    private final String registryUrl;
    private final String rejectedTopic;
    private final String rawTopic;

    public UnmappedRedrive(Map<String, Object> kafka, String registryUrl, String rejectedTopic, String rawTopic) {
        this.kafka = kafka;
        this.registryUrl = registryUrl;
        this.rejectedTopic = rejectedTopic;
        this.rawTopic = rawTopic;
    }

    public Report redrive(String provider, String code, boolean dryRun) {
        List<RawTrackingEvent> matched = matching(provider, code);
        if (dryRun || matched.isEmpty()) {
            return new Report(matched.size(), 0, dryRun);
        }
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        SpecificAvroSerializer<RawTrackingEvent> values = new SpecificAvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (RawTrackingEvent event : matched) {
                RawTrackingEvent again = RawTrackingEvent.newBuilder(event).setEventId(UUID.randomUUID().toString())
                        .setBatchId(null).setBatchSize(1).build();
                String key = ParcelKey.of(again.getCarrier(), again.getTrackingNumber()).toString();
                producer.send(new ProducerRecord<>(rawTopic, key, values.serialize(rawTopic, again)));
            }
            producer.flush();
        }
        return new Report(matched.size(), matched.size(), false);
    }

    private List<RawTrackingEvent> matching(String provider, String code) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        SpecificAvroDeserializer<RejectedEvent> rejected = new SpecificAvroDeserializer<>(RejectedEvent.class);
        rejected.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        SpecificAvroDeserializer<RawTrackingEvent> raw = new SpecificAvroDeserializer<>(RawTrackingEvent.class);
        raw.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        List<RawTrackingEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, RejectedEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), rejected)) {
            List<TopicPartition> partitions = consumer.partitionsFor(rejectedTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(rejectedTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, RejectedEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    RejectedEvent r = record.value();
                    if (r != null && r.getReason() == RejectionReason.UNMAPPED_STATUS && r.getRawEvent() != null
                            && provider.equalsIgnoreCase(String.valueOf(r.getProvider()))
                            && code.toLowerCase(Locale.ROOT).equals(String.valueOf(r.getCarrierStatusCode()).toLowerCase(Locale.ROOT))) {
                        ByteBuffer bytes = r.getRawEvent().duplicate();
                        byte[] copy = new byte[bytes.remaining()];
                        bytes.get(copy);
                        found.add(raw.deserialize(rawTopic, copy));
                    }
                }
            }
        }
        return found;
    }
}
