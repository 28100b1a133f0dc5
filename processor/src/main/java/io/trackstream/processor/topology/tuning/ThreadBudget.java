package io.trackstream.processor.topology.tuning;

/**
 * A stream thread's time for background work (re-derivation) per interval, shared by all the thread's tasks: how
 * much a thread spends on it does not grow with the number of tasks it runs, and the rest of the interval is left
 * to live records. One instance serves the whole topology; its state is per thread.
 */
public final class ThreadBudget {

    private static final class PerThread {
        long intervalStart = Long.MIN_VALUE;
        long spentNanos;
    }

    private final long intervalMs;
    private final long budgetNanos;
    private final ThreadLocal<PerThread> state = ThreadLocal.withInitial(PerThread::new);

    /**
     * @param intervalMs  the interval the budget renews at (the flush interval: one tick of each task)
     * @param budgetNanos the time per thread and interval
     */
    public ThreadBudget(long intervalMs, long budgetNanos) {
        if (intervalMs < 1 || budgetNanos < 1) {
            throw new IllegalArgumentException("interval and budget must be positive");
        }
        this.intervalMs = intervalMs;
        this.budgetNanos = budgetNanos;
    }

    /** At a tick ({@code nowMs} wall-clock): the thread's time left in the current interval, in ns; 0 when spent. */
    public long nanosLeft(long nowMs) {
        PerThread thread = state.get();
        if (thread.intervalStart == Long.MIN_VALUE || nowMs - thread.intervalStart >= intervalMs) {
            thread.intervalStart = nowMs;
            thread.spentNanos = 0;
        }
        return Math.max(0, budgetNanos - thread.spentNanos);
    }

    /** Counts {@code nanos} spent in the current interval. */
    public void spent(long nanos) {
        state.get().spentNanos += nanos;
    }
}
