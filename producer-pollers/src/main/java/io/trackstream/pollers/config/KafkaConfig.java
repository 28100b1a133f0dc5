package io.trackstream.pollers.config;

import java.util.HashMap;
import java.util.Map;

import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.avro.Shipment;
import io.trackstream.pollers.targets.PollTargetLoading;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroDeserializer;
import io.trackstream.serde.SpecificAvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka clients of this app, on top of Boot's {@code spring.kafka.*} (broker address, security):
 * an idempotent acks=all producer of raw events, the poll-target consumer group (the unit of scale-out), and the
 * group-less reader of shipments.v1.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

    @Bean
    public ProducerFactory<String, RawTrackingEvent> rawEventProducerFactory(KafkaProperties kafka, TrackstreamProperties trackstream,
            PollersProperties pollers) {
        return avroProducerFactory(kafka, trackstream, pollers);
    }

    /**
     * An idempotent acks=all producer of Avro values. With the broker away a send must not block longer than a sync
     * may take: it fails, and the sync answers 503.
     */
    private static <V extends org.apache.avro.specific.SpecificRecord> ProducerFactory<String, V> avroProducerFactory(
            KafkaProperties kafka, TrackstreamProperties trackstream, PollersProperties pollers) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, pollers.sync().publishTimeout().toMillis());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, trackstream.schemaRegistryUrl());
        SpecificAvroSerializer<V> values = new SpecificAvroSerializer<>();
        values.configure(props, false);
        DefaultKafkaProducerFactory<String, V> factory = new DefaultKafkaProducerFactory<>(props, new StringSerializer(), values);
        factory.setConfigureSerializers(false);
        return factory;
    }

    @Bean
    public KafkaTemplate<String, RawTrackingEvent> rawEventTemplate(ProducerFactory<String, RawTrackingEvent> rawEventProducerFactory) {
        return new KafkaTemplate<>(rawEventProducerFactory);
    }

    /** History entries refused before publishing (no date, over a bound of the contract), with the answer they came in. */
    @Bean
    public ProducerFactory<String, RejectedEvent> rejectedEventProducerFactory(KafkaProperties kafka, TrackstreamProperties trackstream,
            PollersProperties pollers) {
        return avroProducerFactory(kafka, trackstream, pollers);
    }

    @Bean
    public KafkaTemplate<String, RejectedEvent> rejectedEventTemplate(ProducerFactory<String, RejectedEvent> rejectedEventProducerFactory) {
        return new KafkaTemplate<>(rejectedEventProducerFactory);
    }

    @Bean
    public CarrierTimes carrierTimes(TrackstreamProperties trackstream) {
        return trackstream.carrierTimes();
    }

    @Bean
    public ConsumerFactory<String, PollTarget> pollTargetConsumerFactory(KafkaProperties kafka, TrackstreamProperties trackstream,
            PollersProperties pollers, MeterRegistry meterRegistry) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, pollers.groupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The processor writes poll targets in transactions: aborted targets and tombstones must not take effect.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A rebalance moves only the partitions that change owner; the others keep being polled without a gap.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, trackstream.schemaRegistryUrl());
        SpecificAvroDeserializer<PollTarget> avro = new SpecificAvroDeserializer<>(PollTarget.class);
        avro.configure(props, false);
        DefaultKafkaConsumerFactory<String, PollTarget> factory = new DefaultKafkaConsumerFactory<>(props,
                new StringDeserializer(), new ErrorHandlingDeserializer<>(avro));
        factory.setConfigureDeserializers(false);
        // The consumer's own metrics (records-lag-max: poll targets not yet taken in).
        factory.addListener(new MicrometerConsumerListener<>(meterRegistry));
        return factory;
    }

    /**
     * A poll target that cannot be read is logged and skipped rather than retried forever: it is one parcel, and the
     * next version of its record (the processor rewrites it on every change) will be readable.
     */
    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, PollTarget> pollTargetContainerFactory(
            ConsumerFactory<String, PollTarget> pollTargetConsumerFactory, PollTargetLoading loading) {
        ConcurrentKafkaListenerContainerFactory<String, PollTarget> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(pollTargetConsumerFactory);
        factory.getContainerProperties().setConsumerRebalanceListener(loading);
        factory.setCommonErrorHandler(new DefaultErrorHandler(
                (record, e) -> log.warn("Skipping unreadable poll target {} at {}-{}@{}: {}", record.key(), record.topic(),
                        record.partition(), record.offset(), e.getMessage()),
                new FixedBackOff(0L, 0L)));
        return factory;
    }

    /** Consumer properties of the shipments.v1 reader: no group, no commits; it reads every partition from the start. */
    @Bean
    public ShipmentsConsumerSettings shipmentsConsumerSettings(KafkaProperties kafka, TrackstreamProperties trackstream) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // shipments.v1 is written in the processor's transactions: an aborted version must never be shown.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SpecificAvroDeserializer.class);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, trackstream.schemaRegistryUrl());
        return new ShipmentsConsumerSettings(Map.copyOf(props), Shipment.class);
    }

    /** What the shipments reader builds its consumer from. */
    public record ShipmentsConsumerSettings(Map<String, Object> properties, Class<Shipment> valueType) {
    }
}
