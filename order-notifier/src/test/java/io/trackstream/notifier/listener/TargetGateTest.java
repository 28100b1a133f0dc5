package io.trackstream.notifier.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.fixtures.MutableClock;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.RetryableFailure;
import io.trackstream.notifier.outcome.Target;

/** What the gate does with a record whose order system fails: hold it back, never call an open circuit, give up late. */
class TargetGateTest {

    private static final TenantTarget ACME = new TenantTarget("acme", Target.CARRIYO);
    private static final Duration PATIENCE = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    /** Acknowledges every send at once; stays open, as a factory's shared producer does when the template closes it. */
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer()) {
        @Override
        public void close(Duration timeout) {
        }
    };
    private final List<ProducerRecord<String, byte[]>> held = new HeldRecords(producer);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakers circuits = new CircuitBreakers(new WaitingProperties.Circuit(3, Duration.ofSeconds(30)), clock);
    private final TargetGate gate = new TargetGate(circuits, new WaitingRoom(template(), "orders.notifier.retry.v1",
            Duration.ofSeconds(30), Duration.ofSeconds(10)), PATIENCE, new NotifierMetrics(meters), clock);
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aCallThatFailsRetryablyHoldsTheRecordBackAndTheConsumerGoesOn() {
        gate.deliver(record("1001"), ACME, failing(CallOutcome.IO_ERROR));

        assertThat(held).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("orders.notifier.retry.v1");
            assertThat(r.key()).isEqualTo("1001");
            assertThat(header(r, WaitHeaders.SINCE)).isEqualTo("2026-12-07T10:00:00Z");
            assertThat(header(r, WaitHeaders.DUE)).isEqualTo("2026-12-07T10:00:30Z");
            assertThat(header(r, WaitHeaders.CALLS)).isEqualTo("1");
            assertThat(header(r, WaitHeaders.REASON)).isEqualTo("io_error");
            assertThat(header(r, WaitHeaders.TARGET)).isEqualTo("carriyo");
            assertThat(header(r, WaitHeaders.TENANT)).isEqualTo("acme");
            assertThat(header(r, "processor-header")).as("the original headers travel along").isEqualTo("kept");
        });
        assertThat(meters.get(NotifierMetrics.WAITING).tag("reason", "io_error").counter().count()).isEqualTo(1.0);
    }

    @Test
    void whileTheCircuitIsOpenNoCallIsMadeAndTheRecordWaitsWithItsHistory() {
        for (int i = 0; i < 3; i++) {
            gate.deliver(record("100" + i), ACME, failing(CallOutcome.SERVER_ERROR));
        }
        calls.set(0);
        clock.advance(Duration.ofSeconds(10));

        gate.deliver(waited(record("1005"), "2026-12-07T09:30:00Z", 4), ACME, succeeding());

        assertThat(calls).hasValue(0);
        assertThat(held.get(held.size() - 1)).satisfies(r -> {
            assertThat(header(r, WaitHeaders.REASON)).isEqualTo(TargetGate.CIRCUIT_OPEN);
            assertThat(header(r, WaitHeaders.SINCE)).as("kept from the first failure").isEqualTo("2026-12-07T09:30:00Z");
            assertThat(header(r, WaitHeaders.CALLS)).isEqualTo("4");
        });
    }

    @Test
    void anotherTenantIsCalledWhileOneTenantsCircuitIsOpen() {
        for (int i = 0; i < 3; i++) {
            gate.deliver(record("100" + i), ACME, failing(CallOutcome.SERVER_ERROR));
        }
        calls.set(0);

        gate.deliver(record("2001"), new TenantTarget("globex", Target.CARRIYO), succeeding());

        assertThat(calls).hasValue(1);
        assertThat(held).hasSize(3);
    }

    @Test
    void aRecordThatWaitedLongerThanThePatienceIsGivenUpWithEveryCallCounted() {
        ConsumerRecord<String, byte[]> longWaiting = waited(record("1001"), "2026-12-07T08:59:59Z", 7);

        assertThatThrownBy(() -> gate.deliver(longWaiting, ACME, failing(CallOutcome.SERVER_ERROR)))
                .isInstanceOfSatisfying(RetryableFailure.class, f -> {
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
                    assertThat(f.calls()).hasValue(8);
                    assertThat(f.httpStatus()).hasValue(503);
                    assertThat(f.getMessage()).contains("patience PT1H").contains("answered 503");
                });
        assertThat(held).isEmpty();
    }

    @Test
    void justWithinThePatienceItStillWaits() {
        gate.deliver(waited(record("1001"), "2026-12-07T09:00:01Z", 7), ACME, failing(CallOutcome.SERVER_ERROR));

        assertThat(held).hasSize(1);
    }

    @Test
    void anAnswerThatRefusesTheRequestShowsTheOrderSystemIsUpAndGoesToTheDeadLetter() {
        for (int i = 0; i < 2; i++) {
            gate.deliver(record("100" + i), ACME, failing(CallOutcome.SERVER_ERROR));
        }

        assertThatThrownBy(() -> gate.deliver(waited(record("1003"), "2026-12-07T09:59:00Z", 2), ACME, () -> {
            throw new PermanentFailure(Target.CARRIYO, FailureReason.REJECTED, CallOutcome.REJECTED, 400, "bad", null);
        })).isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.calls()).hasValue(3));
        gate.deliver(record("1004"), ACME, failing(CallOutcome.SERVER_ERROR));
        assertThat(circuits.allowsCall(ACME)).as("the count started again after the 400").isTrue();
    }

    private Runnable failing(CallOutcome outcome) {
        return () -> {
            calls.incrementAndGet();
            int status = outcome == CallOutcome.SERVER_ERROR ? 503 : 0;
            throw new RetryableFailure(Target.CARRIYO, outcome, status, "carriyo answered " + status, null);
        };
    }

    private Runnable succeeding() {
        return calls::incrementAndGet;
    }

    private static ConsumerRecord<String, byte[]> record(String key) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders.auto-close.v1", 0, 42, key, new byte[] {0, 1});
        record.headers().add(new RecordHeader("processor-header", "kept".getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static ConsumerRecord<String, byte[]> waited(ConsumerRecord<String, byte[]> record, String since, int calls) {
        record.headers().add(WaitHeaders.SINCE, since.getBytes(StandardCharsets.UTF_8));
        record.headers().add(WaitHeaders.CALLS, Integer.toString(calls).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** A template on Kafka's MockProducer. */
    private KafkaTemplate<String, byte[]> template() {
        return new KafkaTemplate<>(() -> producer);
    }

    /** The records sent to the retry topic so far, read from the producer's history. */
    private static final class HeldRecords extends java.util.AbstractList<ProducerRecord<String, byte[]>> {
        private final MockProducer<String, byte[]> producer;

        HeldRecords(MockProducer<String, byte[]> producer) {
            this.producer = producer;
        }

        @Override
        public ProducerRecord<String, byte[]> get(int index) {
            return producer.history().get(index);
        }

        @Override
        public int size() {
            return producer.history().size();
        }
    }

    private static String header(ProducerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
