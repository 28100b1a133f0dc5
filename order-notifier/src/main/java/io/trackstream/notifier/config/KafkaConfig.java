package io.trackstream.notifier.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.notifier.carriyo.AutoCloseNotifier;
import io.trackstream.notifier.deadletter.DeadLetterHeaders;
import io.trackstream.notifier.deadletter.DeadLetterRecoverer;
import io.trackstream.notifier.deadletter.DeadLetterReplayer;
import io.trackstream.notifier.deadletter.ReplayCommand;
import io.trackstream.notifier.deadletter.TopicTargets;
import io.trackstream.notifier.health.ListenerProgress;
import io.trackstream.notifier.listener.AvroValueDecoder;
import io.trackstream.notifier.listener.NotifyingListener;
import io.trackstream.notifier.listener.ReplayListener;
import io.trackstream.notifier.order.AvroOrderConverter;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.Target;
import io.trackstream.notifier.shop.ShopVersions;
import io.trackstream.notifier.shop.StatusChangeNotifier;

/**
 * The consuming side: two listener containers (auto-close requests, status changes) that commit a record's offset
 * only once its outcome is durable, with retries by exponential back-off and a dead letter topic behind them.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfig {

    /** Bean names, so tests and operators can find the containers in the listener registry. */
    public static final String AUTO_CLOSE_CONTAINER = "autoCloseContainer";
    public static final String STATUS_CHANGE_CONTAINER = "statusChangeContainer";
    public static final String REPLAY_CONTAINER = "replayContainer";

    @Bean
    ConsumerFactory<String, byte[]> notifierConsumerFactory(KafkaProperties kafka, MeterRegistry meterRegistry) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        // Raw bytes: a dead letter and a replay carry exactly the bytes the processor wrote.
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // The container commits, and only after the outcome is durable.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The processor writes with exactly_once_v2: never act on records of an aborted transaction.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config);
        // The consumers' own metrics (records-lag-max above all: how far behind the order systems are told).
        factory.addListener(new MicrometerConsumerListener<>(meterRegistry));
        return factory;
    }

    @Bean
    ProducerFactory<String, byte[]> deadLetterProducerFactory(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    KafkaTemplate<String, byte[]> deadLetterTemplate(ProducerFactory<String, byte[]> deadLetterProducerFactory) {
        return new KafkaTemplate<>(deadLetterProducerFactory);
    }

    @Bean
    NewTopic notifierDeadLetterTopic(TopicNames topics, NotifierProperties properties) {
        return new NewTopic(topics.notifierDeadLetters(), properties.deadLetters().partitions(),
                properties.deadLetters().replicationFactor());
    }

    /** Where replayed dead letters go: the notifier's own, never the processor's public topics. */
    @Bean
    NewTopic notifierReplayTopic(TopicNames topics, NotifierProperties properties) {
        return new NewTopic(topics.notifierReplay(), properties.deadLetters().partitions(),
                properties.deadLetters().replicationFactor());
    }

    @Bean
    NewTopic notifierShopVersionsTopic(TopicNames topics, NotifierProperties properties) {
        return new NewTopic(topics.notifierShopVersions(), properties.deadLetters().partitions(),
                properties.deadLetters().replicationFactor()).configs(Map.of("cleanup.policy", "compact"));
    }

    /** What the shop platforms already have, loaded before the listeners start (it starts with them). */
    @Bean
    ShopVersions shopVersions(ConsumerFactory<String, byte[]> notifierConsumerFactory,
            KafkaTemplate<String, byte[]> deadLetterTemplate, TopicNames topics, NotifierProperties properties) {
        return new ShopVersions(() -> notifierConsumerFactory.createConsumer(properties.groupId() + "-shop-versions", "shop-versions"),
                deadLetterTemplate, topics.notifierShopVersions(), Duration.ofMinutes(2), properties.listenersAutoStartup());
    }

    @Bean
    TopicTargets topicTargets(TopicNames topics) {
        return new TopicTargets(topics);
    }

    @Bean
    DeadLetterRecoverer deadLetterRecoverer(KafkaTemplate<String, byte[]> deadLetterTemplate, TopicNames topics,
            TopicTargets targets, NotifierMetrics metrics) {
        // Partition -1: the producer places the dead letter by key, so the topic needs no more partitions than it has.
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, exception) -> new TopicPartition(topics.notifierDeadLetters(), -1));
        publisher.setFailIfSendResultIsError(true);
        publisher.addHeadersFunction((record, exception) ->
                DeadLetterHeaders.of(record, exception, targets.of(record)));
        return new DeadLetterRecoverer(publisher, targets, metrics);
    }

    @Bean
    DefaultErrorHandler notifierErrorHandler(DeadLetterRecoverer deadLetterRecoverer, NotifierProperties properties,
            ListenerProgress progress) {
        NotifierProperties.Retry retry = properties.retry();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
        backOff.setInitialInterval(retry.initialInterval().toMillis());
        backOff.setMultiplier(retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetterRecoverer, backOff);
        handler.addNotRetryableExceptions(PermanentFailure.class);
        handler.setCommitRecovered(true);
        handler.setRetryListeners(progress.retryListener());
        return handler;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory(
            ConsumerFactory<String, byte[]> notifierConsumerFactory, DefaultErrorHandler notifierErrorHandler,
            NotifierProperties properties, ListenerProgress progress) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(notifierConsumerFactory);
        factory.setCommonErrorHandler(notifierErrorHandler);
        factory.setConcurrency(properties.concurrency());
        factory.setAutoStartup(properties.listenersAutoStartup());
        // One record, one synchronous commit, after the listener returned or the dead letter was acknowledged.
        factory.getContainerProperties().setAckMode(AckMode.RECORD);
        factory.getContainerProperties().setSyncCommits(true);
        factory.getContainerProperties().setDeliveryAttemptHeader(true);
        factory.getContainerProperties().setGroupId(properties.groupId());
        // Readiness: which record each partition is on, and since when (docs/order-notifier.md, Health).
        factory.setRecordInterceptor(progress.interceptor());
        factory.getContainerProperties().setConsumerRebalanceListener(progress.rebalanceListener());
        return factory;
    }

    @Bean(AUTO_CLOSE_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> autoCloseContainer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory, TopicNames topics,
            TrackstreamProperties trackstream, AutoCloseNotifier notifier, NotifierMetrics metrics) {
        ConcurrentMessageListenerContainer<String, byte[]> container = notifierContainerFactory.createContainer(topics.autoClose());
        container.setBeanName(AUTO_CLOSE_CONTAINER);
        container.getContainerProperties().setMessageListener(autoCloseListener(trackstream, notifier, metrics));
        return container;
    }

    @Bean(STATUS_CHANGE_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> statusChangeContainer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory, TopicNames topics,
            TrackstreamProperties trackstream, StatusChangeNotifier notifier, NotifierMetrics metrics) {
        ConcurrentMessageListenerContainer<String, byte[]> container = notifierContainerFactory.createContainer(topics.statusChanges());
        container.setBeanName(STATUS_CHANGE_CONTAINER);
        container.getContainerProperties().setMessageListener(statusChangeListener(trackstream, notifier, metrics));
        return container;
    }

    /** Replayed dead letters of both kinds, each to the listener of its order system. */
    @Bean(REPLAY_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> replayContainer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory, TopicNames topics,
            TrackstreamProperties trackstream, TopicTargets targets, AutoCloseNotifier autoClose,
            StatusChangeNotifier statusChanges, ShopVersions shopVersions, NotifierMetrics metrics) {
        ConcurrentMessageListenerContainer<String, byte[]> container = notifierContainerFactory.createContainer(topics.notifierReplay());
        container.setBeanName(REPLAY_CONTAINER);
        container.getContainerProperties().setMessageListener(new ReplayListener(targets,
                autoCloseListener(trackstream, autoClose, metrics), statusChangeListener(trackstream, statusChanges, metrics),
                shopVersions::catchUp));
        return container;
    }

    private static NotifyingListener<OrderAutoCloseRequested, ?> autoCloseListener(TrackstreamProperties trackstream,
            AutoCloseNotifier notifier, NotifierMetrics metrics) {
        return new NotifyingListener<>(Target.CARRIYO,
                new AvroValueDecoder<>(OrderAutoCloseRequested.class, trackstream.schemaRegistryUrl(), Target.CARRIYO),
                AvroOrderConverter::autoCloseRequest, notifier::notify, metrics);
    }

    private static NotifyingListener<ShipmentStatusChanged, ?> statusChangeListener(TrackstreamProperties trackstream,
            StatusChangeNotifier notifier, NotifierMetrics metrics) {
        return new NotifyingListener<>(Target.SHOP,
                new AvroValueDecoder<>(ShipmentStatusChanged.class, trackstream.schemaRegistryUrl(), Target.SHOP),
                AvroOrderConverter::shipmentChange, notifier::notify, metrics);
    }

    @Bean
    DeadLetterReplayer deadLetterReplayer(ConsumerFactory<String, byte[]> notifierConsumerFactory,
            KafkaTemplate<String, byte[]> deadLetterTemplate, TopicNames topics, TopicTargets targets,
            NotifierProperties properties, NotifierMetrics metrics) {
        return new DeadLetterReplayer(
                () -> notifierConsumerFactory.createConsumer(properties.deadLetters().replayGroupId(), "replay"),
                deadLetterTemplate, topics.notifierDeadLetters(), topics.notifierReplay(), targets, metrics);
    }

    @Bean
    ReplayCommand replayCommand(DeadLetterReplayer deadLetterReplayer) {
        return new ReplayCommand(deadLetterReplayer);
    }
}
