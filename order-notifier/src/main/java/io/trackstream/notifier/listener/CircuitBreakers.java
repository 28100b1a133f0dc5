package io.trackstream.notifier.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.notifier.outcome.RetryableFailure;

/**
 * One circuit per tenant and order system. After {@code failureThreshold} retryable failures in a row, or at once
 * when the order system sent {@code Retry-After}, the circuit opens: for {@code openFor} (or the Retry-After, if
 * longer) no call is made and the target's records wait in the retry topic. Then one call is let through as a trial
 * (the circuit stays open for another {@code openFor} meanwhile); a success closes it, a failure keeps it open.
 */
public final class CircuitBreakers {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);

    private static final class Circuit {
        int consecutiveFailures;
        Instant openUntil;
        RetryableFailure lastFailure;
    }

    private final WaitingProperties.Circuit settings;
    private final Clock clock;
    private final Map<TenantTarget, Circuit> circuits = new ConcurrentHashMap<>();

    public CircuitBreakers(WaitingProperties.Circuit settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** True when a call may be made now; an open circuit whose time is up lets this one call through as a trial. */
    public boolean allowsCall(TenantTarget target) {
        Circuit circuit = circuits.get(target);
        if (circuit == null) {
            return true;
        }
        synchronized (circuit) {
            if (circuit.openUntil == null) {
                return true;
            }
            Instant now = clock.instant();
            if (now.isBefore(circuit.openUntil)) {
                return false;
            }
            circuit.openUntil = now.plus(settings.openFor());
            log.info("Circuit of {} half open: one trial call", target);
            return true;
        }
    }

    public void succeeded(TenantTarget target) {
        Circuit circuit = circuits.get(target);
        if (circuit == null) {
            return;
        }
        synchronized (circuit) {
            if (circuit.openUntil != null) {
                log.info("Circuit of {} closed: the order system answers again", target);
            }
            circuit.consecutiveFailures = 0;
            circuit.openUntil = null;
        }
    }

    public void failed(TenantTarget target, RetryableFailure failure) {
        Optional<Duration> retryAfter = failure.retryAfter();
        Circuit circuit = circuits.computeIfAbsent(target, t -> new Circuit());
        synchronized (circuit) {
            circuit.consecutiveFailures++;
            circuit.lastFailure = failure;
            if (circuit.consecutiveFailures < settings.failureThreshold() && retryAfter.isEmpty()) {
                return;
            }
            Duration open = retryAfter.filter(r -> r.compareTo(settings.openFor()) > 0).orElse(settings.openFor());
            Instant until = clock.instant().plus(open);
            if (circuit.openUntil == null) {
                log.warn("Circuit of {} open for {} after {} failure(s) in a row: its records wait", target, open,
                        circuit.consecutiveFailures);
            }
            if (circuit.openUntil == null || until.isAfter(circuit.openUntil)) {
                circuit.openUntil = until;
            }
        }
    }

    /** The failure that last counted against the target's circuit. */
    public Optional<RetryableFailure> lastFailure(TenantTarget target) {
        Circuit circuit = circuits.get(target);
        if (circuit == null) {
            return Optional.empty();
        }
        synchronized (circuit) {
            return Optional.ofNullable(circuit.lastFailure);
        }
    }

    /** How many circuits of {@code target}'s order system are open now (a gauge). */
    public long open(io.trackstream.notifier.outcome.Target target) {
        Instant now = clock.instant();
        return circuits.entrySet().stream().filter(e -> e.getKey().target() == target).filter(e -> {
            synchronized (e.getValue()) {
                return e.getValue().openUntil != null && now.isBefore(e.getValue().openUntil);
            }
        }).count();
    }
}
