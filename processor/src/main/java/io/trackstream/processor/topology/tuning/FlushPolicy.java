package io.trackstream.processor.topology.tuning;

/**
 * When a task sends its changed parcels on, and when it asks Kafka Streams for a commit before
 * {@code commit.interval.ms} is up; both depend on the stream thread's load.
 * <p>
 * Under exactly-once, what a task writes is invisible to read_committed readers (the shipment side of the topology
 * itself, the order notifier) until its transaction commits, so a status change waits for a flush and two commits
 * on its way. Under light load (fewer than {@code lightBelow} records in the thread's last tick interval, which
 * must have ended on time: Kafka Streams' {@code poll.ms} should not exceed the interval) every
 * tick flushes and the thread commits once per interval: a change is readable tens of ms after it arrived. Under
 * heavy load, and while catching up on a backlog, flushes are at least {@code busyFlushIntervalMs} apart and the
 * commit interval batches the commits: fewer, larger flushes and transactions, which is what throughput needs.
 * <p>
 * A commit covers every task of a stream thread (exactly_once_v2: one transaction per thread), so the load is
 * counted per thread, over all its tasks, and at most one commit is asked for per thread and interval, whichever of
 * the thread's tasks ticks first. One instance serves the whole topology; its state is per thread.
 */
public final class FlushPolicy {

    private static final class PerThread {
        long processed;
        /** Wall-clock ms of the tick that opened the thread's current interval. */
        long intervalStart = Long.MIN_VALUE;
        /** Decided when the interval opened, from the records of the one before. */
        boolean light;
        /** Records processed or forwarded since the last commit this policy asked for. */
        boolean uncommittedWork;
        boolean commitAsked;
    }

    private final int lightBelow;
    private final long intervalMs;
    private final long busyFlushIntervalMs;
    private final ThreadLocal<PerThread> state = ThreadLocal.withInitial(PerThread::new);

    /**
     * @param lightBelow          light load: fewer records than this per thread and interval; 0 never light (flush
     *                            every {@code busyFlushIntervalMs}, commit every commit.interval.ms)
     * @param intervalMs          the tick interval (flush-interval): the flush and commit cadence under light load
     * @param busyFlushIntervalMs the least time between two flushes of a task under heavy load
     */
    public FlushPolicy(int lightBelow, long intervalMs, long busyFlushIntervalMs) {
        this.lightBelow = lightBelow;
        this.intervalMs = intervalMs;
        this.busyFlushIntervalMs = busyFlushIntervalMs;
    }

    public void processed() {
        state.get().processed++;
    }

    /**
     * At a task's tick ({@code nowMs} wall-clock): whether it flushes now; {@code lastFlushMs} is its last flush,
     * {@code Long.MIN_VALUE} for none.
     */
    public boolean flushAtTick(long lastFlushMs, long nowMs) {
        return advance(nowMs).light || lastFlushMs == Long.MIN_VALUE || nowMs - lastFlushMs >= busyFlushIntervalMs;
    }

    /**
     * After a task's tick: whether to ask for a commit now. {@code forwarded}: the tick sent records on, which
     * should become visible.
     */
    public boolean commitAtTick(boolean forwarded, long nowMs) {
        PerThread thread = advance(nowMs);
        thread.uncommittedWork |= forwarded;
        if (!thread.light || thread.commitAsked || !thread.uncommittedWork) {
            return false;
        }
        thread.commitAsked = true;
        thread.uncommittedWork = false;
        return true;
    }

    private PerThread advance(long nowMs) {
        PerThread thread = state.get();
        if (thread.intervalStart == Long.MIN_VALUE || nowMs - thread.intervalStart >= intervalMs) {
            // A tick that comes late had the thread stalled (a long commit, a GC pause, a poll that blocked) for part
            // of the interval: few records then say nothing about the load, so such an interval is never light.
            boolean onTime = thread.intervalStart == Long.MIN_VALUE || nowMs - thread.intervalStart < 2 * intervalMs;
            thread.light = lightBelow > 0 && thread.processed < lightBelow && onTime;
            thread.uncommittedWork |= thread.processed > 0;
            thread.processed = 0;
            thread.commitAsked = false;
            thread.intervalStart = nowMs;
        }
        return thread;
    }
}
