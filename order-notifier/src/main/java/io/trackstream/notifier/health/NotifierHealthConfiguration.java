package io.trackstream.notifier.health;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.trackstream.notifier.config.KafkaConfig;
import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.topics.TopicNames;
import io.trackstream.notifier.metrics.NotifierMetrics;

/** The notifier's readiness: its listener containers run and no partition is stuck on a record. */
@Configuration(proxyBeanMethods = false)
public class NotifierHealthConfiguration {

    @Bean
    ListenerProgress listenerProgress(NotifierHealthProperties health, TopicNames topics, MeterRegistry registry) {
        ListenerProgress progress = new ListenerProgress(Clock.systemUTC());
        Gauge.builder("trackstream.notifier.stuck.partitions", progress, p -> p.stuck(health.stallTimeout()).size())
                .description("Partitions whose current record has been unfinished for longer than the stall timeout")
                .register(registry);
        for (String topic : List.of(topics.autoClose(), topics.statusChanges(), topics.parcelChanges(), topics.notifierReplay(),
                topics.notifierRetry())) {
            FunctionCounter.builder(NotifierMetrics.PARTITIONS_REVOKED, progress, p -> p.revoked(topic))
                    .description("Partitions taken from this instance's listeners by a rebalance or lost with an eviction")
                    .tag("topic", topic).register(registry);
        }
        return progress;
    }

    /** Health contributor "listeners". */
    @Bean
    ListenersHealth listenersHealthIndicator(
            @Qualifier(KafkaConfig.AUTO_CLOSE_CONTAINER) ConcurrentMessageListenerContainer<?, ?> autoCloseContainer,
            @Qualifier(KafkaConfig.STATUS_CHANGE_CONTAINER) ConcurrentMessageListenerContainer<?, ?> statusChangeContainer,
            @Qualifier(KafkaConfig.REPLAY_CONTAINER) ConcurrentMessageListenerContainer<?, ?> replayContainer,
            @Qualifier(KafkaConfig.RETRY_CONTAINER) ConcurrentMessageListenerContainer<?, ?> retryContainer,
            NotifierProperties properties, ListenerProgress progress, NotifierHealthProperties health) {
        return new ListenersHealth(Map.of(KafkaConfig.AUTO_CLOSE_CONTAINER, autoCloseContainer,
                KafkaConfig.STATUS_CHANGE_CONTAINER, statusChangeContainer, KafkaConfig.REPLAY_CONTAINER, replayContainer,
                KafkaConfig.RETRY_CONTAINER, retryContainer), properties.listenersAutoStartup(), progress, health);
    }
}
