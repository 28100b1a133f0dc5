package io.trackstream.notifier.listener;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How records of an order system that fails wait for it, under {@code trackstream.notifier.waiting.}
 * (docs/order-notifier.md, "When an order system fails").
 *
 * @param patience       how long a record may wait for its order system before it is dead-lettered
 *                       ({@code RETRIES_EXHAUSTED}); an outage shorter than this dead-letters nothing
 * @param retryDelay     how long a record stays in the retry topic before it is tried again
 * @param handOffTimeout how long to wait for the broker to take a record into the retry topic
 * @param circuit        when a target (tenant and order system) is left alone
 */
@ConfigurationProperties("trackstream.notifier.waiting")
public record WaitingProperties(
        @DefaultValue("PT1H") Duration patience,
        @DefaultValue("PT30S") Duration retryDelay,
        @DefaultValue("PT10S") Duration handOffTimeout,
        @DefaultValue Circuit circuit) {

    public WaitingProperties {
        requirePositive(patience, "patience");
        requirePositive(retryDelay, "retry-delay");
        requirePositive(handOffTimeout, "hand-off-timeout");
    }

    /**
     * @param failureThreshold consecutive retryable failures of one target that open its circuit
     * @param openFor          how long an open circuit sends no call (longer when the order system's
     *                         {@code Retry-After} says so); then one trial call decides
     */
    public record Circuit(
            @DefaultValue("3") int failureThreshold,
            @DefaultValue("PT30S") Duration openFor) {

        public Circuit {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("trackstream.notifier.waiting.circuit.failure-threshold must be at least 1, was "
                        + failureThreshold);
            }
            requirePositive(openFor, "circuit.open-for");
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("trackstream.notifier.waiting." + name + " must be a positive duration, was " + d);
        }
    }
}
