package io.trackstream.pollers.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A task scheduler that only records what it was asked to run and when; the test runs the tasks itself, at the
 * time it chooses. Only one-off scheduling is supported, which is all the pollers use.
 */
public final class RecordingTaskScheduler implements TaskScheduler {

    public record Scheduled(Runnable task, Instant at) {
    }

    private final List<Scheduled> scheduled = new ArrayList<>();

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        scheduled.add(new Scheduled(task, startTime));
        return new PendingFuture();
    }

    /** Everything scheduled so far, and forgets it. */
    public synchronized List<Scheduled> drain() {
        List<Scheduled> all = new ArrayList<>(scheduled);
        scheduled.clear();
        return all;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        throw new UnsupportedOperationException();
    }

    private static final class PendingFuture extends java.util.concurrent.CompletableFuture<Object> implements ScheduledFuture<Object> {
        @Override
        public long getDelay(java.util.concurrent.TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return 0;
        }
    }
}
