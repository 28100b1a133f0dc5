package io.trackstream.notifier.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.Target;

/**
 * The notifier's meters (docs/order-notifier.md): calls by target and outcome, their duration, retries, records
 * waiting for their order system, dead letters, skipped records, and how long after the delivering event the order was
 * closed.
 */
@Component
public class NotifierMetrics {

    public static final String CALLS = "trackstream.notifier.calls";
    public static final String CALL_DURATION = "trackstream.notifier.call.duration";
    public static final String RETRIES = "trackstream.notifier.retries";
    public static final String DEAD_LETTERS = "trackstream.notifier.dead.letters";
    public static final String SKIPPED = "trackstream.notifier.skipped";
    public static final String DELIVERED_TO_CLOSED = "trackstream.notifier.delivered.to.closed";
    public static final String REPLAYED = "trackstream.notifier.dead.letters.replayed";
    public static final String WAITING = "trackstream.notifier.waiting";
    public static final String OPEN_CIRCUITS = "trackstream.notifier.circuits.open";
    public static final String PARTITIONS_REVOKED = "trackstream.notifier.partitions.revoked";

    private final MeterRegistry registry;
    private final Clock clock;

    @Autowired
    public NotifierMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    NotifierMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        // Retries and dead letters are rare: registered at zero up front, so they are exported (and the dashboard's
        // panels and alerts see 0, not "no data") before the first one happens.
        for (Target target : Target.values()) {
            retries(target);
            for (FailureReason reason : FailureReason.values()) {
                deadLetters(target, reason);
            }
        }
    }

    public void call(Target target, CallOutcome outcome, Duration took) {
        Counter.builder(CALLS).description("Calls to the order systems by target and outcome")
                .tag("target", target.tag()).tag("outcome", outcome.tag())
                .register(registry).increment();
        Timer.builder(CALL_DURATION).description("Duration of calls to the order systems")
                .tag("target", target.tag())
                .register(registry).record(took);
    }

    /** A call made again for a record whose previous attempt failed. */
    public void retry(Target target) {
        retries(target).increment();
    }

    private Counter retries(Target target) {
        return Counter.builder(RETRIES).description("Calls repeated after a retryable failure")
                .tag("target", target.tag())
                .register(registry);
    }

    /**
     * A record handed to the retry topic because its order system cannot take it now: {@code reason} is the failed
     * call's outcome, or {@code circuit_open} when no call was made.
     */
    public void waiting(Target target, String reason) {
        Counter.builder(WAITING).description("Records handed to the retry topic to wait for their order system")
                .tag("target", target.tag()).tag("reason", reason)
                .register(registry).increment();
    }

    public void deadLetter(Target target, FailureReason reason) {
        deadLetters(target, reason).increment();
    }

    private Counter deadLetters(Target target, FailureReason reason) {
        return Counter.builder(DEAD_LETTERS).description("Records written to the notifier's dead letter topic")
                .tag("target", target.tag()).tag("reason", reason.name())
                .register(registry);
    }

    /** A record that needs no call (the tenant has that order system switched off, a tombstone). */
    public void skipped(Target target, String reason) {
        Counter.builder(SKIPPED).description("Records that needed no call")
                .tag("target", target.tag()).tag("reason", reason)
                .register(registry).increment();
    }

    public void replayed(String originalTopic, int records) {
        Counter.builder(REPLAYED).description("Dead letters written to the notifier's replay topic by the replay command, by original topic")
                .tag("topic", originalTopic)
                .register(registry).increment(records);
    }

    /**
     * The order was closed: time since trackstream received the delivering event ({@code since=received}), or,
     * when that is unknown, since the carrier's delivered date ({@code since=delivered}).
     */
    public void orderClosed(Instant causeReceivedTime, Instant deliveredAt) {
        Instant from = causeReceivedTime != null ? causeReceivedTime : deliveredAt;
        if (from == null) {
            return;
        }
        Duration latency = Duration.between(from, clock.instant());
        Timer.builder(DELIVERED_TO_CLOSED)
                .description("From the delivered event to the order closed by the order system")
                .tag("since", causeReceivedTime != null ? "received" : "delivered")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
    }
}
