package io.trackstream.notifier.config;

import java.time.Duration;
import java.util.HashMap;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.Gauge;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import io.trackstream.notifier.listener.CircuitBreakers;
import io.trackstream.notifier.listener.NotDueYet;
import io.trackstream.notifier.listener.RegistryUnavailable;
import io.trackstream.notifier.listener.TargetGate;
import io.trackstream.notifier.listener.WaitingListener;
import io.trackstream.notifier.listener.WaitingProperties;
import io.trackstream.notifier.listener.WaitingRoom;
import io.trackstream.notifier.order.AutoCloseRequest;
import io.trackstream.notifier.outcome.NotificationFailure;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
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
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import io.trackstream.avro.OrderAutoCloseRequested;
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
import io.trackstream.notifier.outcome.Target;
import io.trackstream.notifier.shop.ShopUpdateListener;
import io.trackstream.notifier.shop.ShopVersions;
import io.trackstream.notifier.shop.StatusChangeNotifier;

/**
 * The consuming side: four listener containers (auto-close requests; status and label changes for the shop, one
 * container so the same partition of each topic goes to the same consumer; replayed dead letters; records waiting for
 * their order system), each in its own consumer group, that commit a record's offset only once its outcome is durable
 * (applied, handed to the retry topic, or dead-lettered), and never sleep on their thread.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfig {

    /** Bean names, so tests and operators can find the containers in the listener registry. */
    public static final String AUTO_CLOSE_CONTAINER = "autoCloseContainer";
    public static final String STATUS_CHANGE_CONTAINER = "statusChangeContainer";
    public static final String REPLAY_CONTAINER = "replayContainer";
    public static final String RETRY_CONTAINER = "retryContainer";

    private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

    @Bean
    PollBudget pollBudget(KafkaProperties kafka, NotifierProperties properties, WaitingProperties waiting) {
        PollBudget budget = PollBudget.of(kafka.buildConsumerProperties(), properties.http().connectTimeout(),
                properties.http().readTimeout(), waiting.handOffTimeout());
        log.info("Consumers poll at most {} record(s) within max.poll.interval.ms {} (worst record {})",
                budget.maxPollRecords(), budget.maxPollInterval().toMillis(), budget.worstRecord());
        return budget;
    }

    /** Each listener's group; a new one first takes the offsets of the single group earlier versions used. */
    @Bean
    ListenerGroups listenerGroups(NotifierProperties properties, TopicNames topics, KafkaAdmin kafkaAdmin) {
        ListenerGroups groups = new ListenerGroups(properties.groupId());
        if (properties.listenersAutoStartup()) {
            try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
                GroupOffsetsCarryOver.carryOver(admin, properties.groupId(), Map.of(
                        topics.autoClose(), groups.autoClose(),
                        topics.statusChanges(), groups.statusChanges(),
                        topics.notifierReplay(), groups.replay()));
            }
        }
        return groups;
    }

    @Bean
    ConsumerFactory<String, byte[]> notifierConsumerFactory(KafkaProperties kafka, PollBudget pollBudget,
            MeterRegistry meterRegistry) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.putAll(pollBudget.consumerConfig());
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

    /** Where records wait for an order system that cannot take them now (see {@link WaitingRoom}). */
    @Bean
    NewTopic notifierRetryTopic(TopicNames topics, NotifierProperties properties) {
        return new NewTopic(topics.notifierRetry(), properties.deadLetters().partitions(),
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

    /** Resumes containers paused by the error handler (a record not due yet, a registry outage, a back-off). */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler notifierPauseScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("notifier-resume-");
        scheduler.initialize();
        return scheduler;
    }

    /**
     * Order-system failures are not retried here: the listener hands them to the retry topic, or gives up after the
     * patience, and every {@link io.trackstream.notifier.outcome.NotificationFailure} that reaches this handler is
     * dead-lettered at once. What is retried here, always by pausing the container instead of sleeping on its thread:
     * a retry-topic record not due yet (until it is due), a registry outage (until the registry is back), and
     * anything unexpected (with the configured back-off, then the dead letter).
     */
    @Bean
    DefaultErrorHandler notifierErrorHandler(DeadLetterRecoverer deadLetterRecoverer, NotifierProperties properties,
            ListenerProgress progress, ThreadPoolTaskScheduler notifierPauseScheduler) {
        NotifierProperties.Retry retry = properties.retry();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
        backOff.setInitialInterval(retry.initialInterval().toMillis());
        backOff.setMultiplier(retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetterRecoverer, backOff,
                new ContainerPausingBackOffHandler(new ListenerContainerPauseService(null, notifierPauseScheduler)));
        handler.setBackOffFunction((record, exception) -> {
            NotDueYet notDue = causeOf(exception, NotDueYet.class);
            if (notDue != null) {
                return new FixedBackOff(Math.max(1, notDue.remaining().toMillis()), FixedBackOff.UNLIMITED_ATTEMPTS);
            }
            if (causeOf(exception, RegistryUnavailable.class) != null) {
                ExponentialBackOff untilBack = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
                untilBack.setMaxInterval(retry.maxInterval().toMillis());
                return untilBack;
            }
            return null;
        });
        handler.addNotRetryableExceptions(NotificationFailure.class);
        handler.setCommitRecovered(true);
        handler.setRetryListeners(progress.retryListener());
        return handler;
    }

    private static <T extends Throwable> T causeOf(Throwable exception, Class<T> type) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Bean
    CircuitBreakers circuitBreakers(WaitingProperties waiting, MeterRegistry registry) {
        CircuitBreakers circuits = new CircuitBreakers(waiting.circuit(), Clock.systemUTC());
        for (Target target : Target.values()) {
            Gauge.builder(NotifierMetrics.OPEN_CIRCUITS, circuits, c -> c.open(target))
                    .description("Tenants whose order system's circuit is open: their records wait, no call is made")
                    .tag("target", target.tag()).register(registry);
        }
        return circuits;
    }

    @Bean
    TargetGate targetGate(CircuitBreakers circuitBreakers, KafkaTemplate<String, byte[]> deadLetterTemplate,
            TopicNames topics, WaitingProperties waiting, NotifierMetrics metrics) {
        WaitingRoom room = new WaitingRoom(deadLetterTemplate, topics.notifierRetry(), waiting.retryDelay(),
                waiting.handOffTimeout());
        return new TargetGate(circuitBreakers, room, waiting.patience(), metrics, Clock.systemUTC());
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
        // Readiness: which record each partition is on, and since when (docs/order-notifier.md, Health).
        factory.setRecordInterceptor(progress.interceptor());
        factory.getContainerProperties().setConsumerRebalanceListener(progress.rebalanceListener());
        return factory;
    }

    @Bean(AUTO_CLOSE_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> autoCloseContainer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory, TopicNames topics,
            ListenerGroups groups, NotifierListeners listeners) {
        return container(notifierContainerFactory, AUTO_CLOSE_CONTAINER, groups.autoClose(), listeners.autoClose(),
                topics.autoClose());
    }

    @Bean(STATUS_CHANGE_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> statusChangeContainer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory, TopicNames topics,
            ListenerGroups groups, NotifierListeners listeners) {
        return container(notifierContainerFactory, STATUS_CHANGE_CONTAINER, groups.statusChanges(), listeners.shop(),
                topics.statusChanges(), topics.parcelChanges());
    }

    /** Replayed dead letters of both kinds, each to the listener of its order system. */
    @Bean(REPLAY_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> replayContainer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory, TopicNames topics,
            ListenerGroups groups, NotifierListeners listeners) {
        return container(notifierContainerFactory, REPLAY_CONTAINER, groups.replay(), listeners.byTarget(),
                topics.notifierReplay());
    }

    /** Records waiting for their order system, each tried again once due, by the listener of its order system. */
    @Bean(RETRY_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> retryContainer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> notifierContainerFactory, TopicNames topics,
            ListenerGroups groups, NotifierListeners listeners) {
        return container(notifierContainerFactory, RETRY_CONTAINER, groups.retry(),
                new WaitingListener(listeners.byTarget(), Clock.systemUTC()), topics.notifierRetry());
    }

    private static ConcurrentMessageListenerContainer<String, byte[]> container(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, String name, String groupId,
            MessageListener<String, byte[]> listener, String... topics) {
        ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(topics);
        container.setBeanName(name);
        container.getContainerProperties().setGroupId(groupId);
        container.getContainerProperties().setMessageListener(listener);
        return container;
    }

    /**
     * The listener of each order system (the shop's dispatches status and label changes by their schema), and the one
     * that dispatches records of both systems by their header.
     */
    public record NotifierListeners(NotifyingListener<OrderAutoCloseRequested, AutoCloseRequest> autoClose,
            ShopUpdateListener shop, ReplayListener byTarget) {
    }

    @Bean
    NotifierListeners notifierListeners(TrackstreamProperties trackstream, TopicTargets targets,
            AutoCloseNotifier autoCloseNotifier, StatusChangeNotifier statusChangeNotifier, ShopVersions shopVersions,
            TargetGate gate, NotifierMetrics metrics) {
        var autoClose = new NotifyingListener<>(Target.CARRIYO,
                new AvroValueDecoder<>(OrderAutoCloseRequested.class, trackstream.schemaRegistryUrl(), Target.CARRIYO),
                AvroOrderConverter::autoCloseRequest, AutoCloseRequest::tenant, autoCloseNotifier::notify, gate, metrics);
        var shop = ShopUpdateListener.of(trackstream.schemaRegistryUrl(), statusChangeNotifier, gate, metrics);
        return new NotifierListeners(autoClose, shop, new ReplayListener(targets, autoClose, shop, shopVersions::catchUp));
    }

    @Bean
    DeadLetterReplayer deadLetterReplayer(ConsumerFactory<String, byte[]> notifierConsumerFactory,
            KafkaTemplate<String, byte[]> deadLetterTemplate, TopicNames topics, TopicTargets targets,
            NotifierProperties properties, NotifierMetrics metrics, NotifierListeners listeners) {
        return new DeadLetterReplayer(
                () -> notifierConsumerFactory.createConsumer(properties.deadLetters().replayGroupId(), "replay"),
                deadLetterTemplate, topics.notifierDeadLetters(), topics.notifierReplay(), targets, metrics,
                (target, record) -> target == Target.CARRIYO ? listeners.autoClose().tenantOf(record)
                        : listeners.shop().tenantOf(record));
    }

    @Bean
    ReplayCommand replayCommand(DeadLetterReplayer deadLetterReplayer) {
        return new ReplayCommand(deadLetterReplayer);
    }
}
