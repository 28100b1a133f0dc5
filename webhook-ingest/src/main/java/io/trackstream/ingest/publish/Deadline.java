package io.trackstream.ingest.publish;

import java.time.Duration;

/**
 * The one deadline of a request (trackstream.ingest.request-timeout, from the moment it arrived): waiting for a copy
 * in flight, handing records to the producer and waiting for Kafka's acknowledgements all draw on it, so a request
 * is answered within it however many records it has and whatever state the broker is in.
 */
public final class Deadline {

    private final long endNanos;
    private final Duration timeout;

    private Deadline(long endNanos, Duration timeout) {
        this.endNanos = endNanos;
        this.timeout = timeout;
    }

    public static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    public long remainingNanos() {
        return Math.max(0, endNanos - System.nanoTime());
    }

    public boolean passed() {
        return remainingNanos() == 0;
    }

    /** The whole timeout, for messages. */
    public Duration timeout() {
        return timeout;
    }
}
