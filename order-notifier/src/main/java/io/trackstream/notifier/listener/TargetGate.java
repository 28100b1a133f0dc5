package io.trackstream.notifier.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.RetryableFailure;

/**
 * Stands between a record and its order system (one tenant's Carriyo or shop platform). While the target's circuit is
 * open no call is made; a call that fails retryably (429, 5xx, timeout, I/O) counts against the circuit. Either way
 * the record goes to the retry topic ({@link WaitingRoom}) and the consumer moves on: no sleeping on the thread that
 * every tenant shares. A record that has waited longer than the patience is given up (thrown, so the error handler
 * dead-letters it as {@code RETRIES_EXHAUSTED}).
 */
public final class TargetGate {

    /** The {@code reason} of a record that waits without a call, its target's circuit being open. */
    public static final String CIRCUIT_OPEN = "circuit_open";

    private final CircuitBreakers circuits;
    private final WaitingRoom room;
    private final Duration patience;
    private final NotifierMetrics metrics;
    private final Clock clock;

    public TargetGate(CircuitBreakers circuits, WaitingRoom room, Duration patience, NotifierMetrics metrics, Clock clock) {
        this.circuits = circuits;
        this.room = room;
        this.patience = patience;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs {@code call} if the target takes calls now, else (or when it fails retryably) holds the record back. */
    public void deliver(ConsumerRecord<String, byte[]> record, TenantTarget target, Runnable call) {
        int callsBefore = WaitHeaders.calls(record);
        if (!circuits.allowsCall(target)) {
            RetryableFailure last = circuits.lastFailure(target).orElse(null);
            holdOrGiveUp(record, target, callsBefore, CIRCUIT_OPEN, new RetryableFailure(target.target(),
                    last == null ? null : last.outcome(), last == null ? 0 : last.httpStatus().orElse(0),
                    "The circuit of " + target + " is open" + (last == null ? "" : "; last failure: " + last.getMessage()), last));
            return;
        }
        if (WaitHeaders.since(record).isPresent()) {
            metrics.retry(target.target());
        }
        try {
            call.run();
        } catch (RetryableFailure failure) {
            circuits.failed(target, failure);
            holdOrGiveUp(record, target, callsBefore + 1, failure.outcome() != null ? failure.outcome().tag() : "failed", failure);
            return;
        } catch (PermanentFailure failure) {
            if (failure.outcome() != null) {
                // The order system answered: it is up, whatever it thought of this request.
                circuits.succeeded(target);
            }
            // outcome null: refused before any call (tenant not configured, record incomplete)
            throw (PermanentFailure) failure.withCalls(callsBefore + (failure.outcome() != null ? 1 : 0));
        }
        circuits.succeeded(target);
    }

    private void holdOrGiveUp(ConsumerRecord<String, byte[]> record, TenantTarget target, int calls, String reason,
            RetryableFailure failure) {
        Instant now = clock.instant();
        Instant since = WaitHeaders.since(record).orElse(now);
        if (!now.isBefore(since.plus(patience))) {
            throw new RetryableFailure(target.target(), failure.outcome(), failure.httpStatus().orElse(0),
                    "Gave up after waiting " + Duration.between(since, now) + " (patience " + patience + ", " + calls
                            + " call(s)) for " + target + ": " + failure.getMessage(), failure).withCalls(calls);
        }
        room.hold(record, target, now, since, calls, reason);
        metrics.waiting(target.target(), reason);
    }
}
