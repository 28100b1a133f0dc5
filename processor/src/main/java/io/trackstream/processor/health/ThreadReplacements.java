package io.trackstream.processor.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the stream threads Kafka Streams replaced after they died. One replacement is a hiccup; several within a
 * window are a loop (a record that kills every thread that takes its task), which makes the processor not ready.
 */
public final class ThreadReplacements {

    private static final int REMEMBERED = 1000;

    private final Clock clock;
    private final Deque<Instant> times = new ArrayDeque<>();
    private long total;

    public ThreadReplacements() {
        this(Clock.systemUTC());
    }

    public ThreadReplacements(Clock clock) {
        this.clock = clock;
    }

    public synchronized void record() {
        total++;
        times.addLast(clock.instant());
        if (times.size() > REMEMBERED) {
            times.removeFirst();
        }
    }

    /** How many threads were replaced within {@code window} before now. */
    public synchronized int within(Duration window) {
        Instant from = clock.instant().minus(window);
        return (int) times.stream().filter(t -> t.isAfter(from)).count();
    }

    /** Every replacement since start (the counter metric). */
    public synchronized long total() {
        return total;
    }
}
