package io.trackstream.notifier.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.RetryableFailure;
import io.trackstream.notifier.outcome.Target;

/** What a dead letter carries, and that it is counted only once the broker has it. */
class DeadLetterRecovererTest {

    private static final TopicNames TOPICS = TopicNames.defaults();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();

    @Test
    void aDeadLetterKeepsKeyValueAndHeadersAndAddsTheReason() {
        DeadLetterRecoverer recoverer = recoverer(CompletableFuture::completedFuture);
        ConsumerRecord<String, byte[]> record = record("shipments.status-changes.v1", "shp-1001", 3);
        Exception failure = new ListenerExecutionFailedException("listener failed", new PermanentFailure(Target.SHOP,
                FailureReason.REJECTED, CallOutcome.REJECTED, 400, "shop answered 400: {\"Message\":\"ShopId is invalid\"}", null));

        recoverer.accept(record, null, failure);

        assertThat(sent).singleElement().satisfies(dlt -> {
            assertThat(dlt.topic()).isEqualTo("orders.notifier.dlt.v1");
            assertThat(dlt.partition()).as("placed by key").isNull();
            assertThat(dlt.key()).isEqualTo("shp-1001");
            assertThat(dlt.value()).isEqualTo(record.value());
            assertThat(header(dlt, "traceparent")).isEqualTo("00-abc-def-01");
            assertThat(header(dlt, DeadLetterHeaders.REASON)).isEqualTo("REJECTED");
            assertThat(header(dlt, DeadLetterHeaders.TARGET)).isEqualTo("shop");
            assertThat(header(dlt, DeadLetterHeaders.HTTP_STATUS)).isEqualTo("400");
            assertThat(header(dlt, DeadLetterHeaders.DETAIL)).contains("ShopId is invalid");
            assertThat(header(dlt, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
            assertThat(header(dlt, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("shipments.status-changes.v1");
        });
        assertThat(registry.get(NotifierMetrics.DEAD_LETTERS).tag("target", "shop").tag("reason", "REJECTED")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void retryableFailuresThatReachTheRecovererHaveExhaustedTheirRetries() {
        DeadLetterRecoverer recoverer = recoverer(CompletableFuture::completedFuture);

        recoverer.accept(record("orders.auto-close.v1", "1001", 6), null, new ListenerExecutionFailedException("x",
                new RetryableFailure(Target.CARRIYO, CallOutcome.TIMEOUT, 0, "carriyo call failed (timeout)", null)));

        assertThat(header(sent.get(0), DeadLetterHeaders.REASON)).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(header(sent.get(0), DeadLetterHeaders.TARGET)).isEqualTo("carriyo");
        assertThat(sent.get(0).headers().lastHeader(DeadLetterHeaders.HTTP_STATUS)).isNull();
    }

    @Test
    void whenTheBrokerDoesNotTakeTheDeadLetterTheRecoveryFailsAndNothingIsCounted() {
        DeadLetterRecoverer recoverer = recoverer(r -> CompletableFuture.failedFuture(new TimeoutException("no broker")));

        assertThatThrownBy(() -> recoverer.accept(record("orders.auto-close.v1", "1001", 1), null,
                new IllegalStateException("boom"))).hasMessageContaining("Dead-letter publication");
        assertThat(registry.find(NotifierMetrics.DEAD_LETTERS).counters()).as("registered at zero, never incremented")
                .isNotEmpty().allSatisfy(c -> assertThat(c.count()).isZero());
    }

    private DeadLetterRecoverer recoverer(
            java.util.function.Function<SendResult<String, byte[]>, CompletableFuture<SendResult<String, byte[]>>> outcome) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            @Override
            public CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> record) {
                sent.add(record);
                return outcome.apply(new SendResult<>(record,
                        new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0)));
            }
        };
        TopicTargets targets = new TopicTargets(TOPICS);
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (r, e) -> new TopicPartition(TOPICS.notifierDeadLetters(), -1));
        publisher.addHeadersFunction((r, e) -> DeadLetterHeaders.of(r, e, targets.of(r.topic())));
        return new DeadLetterRecoverer(publisher, targets, new NotifierMetrics(registry));
    }

    private static ConsumerRecord<String, byte[]> record(String topic, String key, int deliveryAttempt) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 2, 41, key,
                new byte[] {0, 0, 0, 0, 7, 42});
        record.headers().add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        record.headers().add(KafkaHeaders.DELIVERY_ATTEMPT, ByteBuffer.allocate(4).putInt(deliveryAttempt).array());
        return record;
    }

    private static String header(ProducerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
