package io.trackstream.processor.topology;

/**
 * When to ask Kafka Streams for a commit before {@code commit.interval.ms} is up. Under exactly-once, what a task
 * writes is invisible to read_committed readers (the shipment side of the topology itself, the order notifier) until
 * its transaction commits, so a status change waits for two commits on its way. Under light load a commit per flush
 * interval costs little and takes that wait from commit.interval.ms down to the flush interval; under heavy load,
 * and while catching up on a backlog, the commit interval batches the work, as it should.
 * <p>
 * A commit covers every task of a stream thread (exactly_once_v2: one transaction per thread), so the load is
 * counted per thread, over all its tasks, and at most one commit is asked for per thread and interval, whichever of
 * the thread's tasks ticks first. One instance serves the whole topology; its state is per thread.
 */
final class EagerCommit {

    private static final class PerThread {
        long processed;
        long lastTick = Long.MIN_VALUE;
        boolean forwarded;
    }

    private final int below;
    private final long intervalMs;
    private final ThreadLocal<PerThread> state = ThreadLocal.withInitial(PerThread::new);

    /**
     * @param below      light load: fewer records than this per thread and interval; 0 never asks
     * @param intervalMs the flush interval: how often at most to ask
     */
    EagerCommit(int below, long intervalMs) {
        this.below = below;
        this.intervalMs = intervalMs;
    }

    void processed() {
        state.get().processed++;
    }

    /**
     * At a task's flush tick ({@code nowMs} wall-clock): whether to ask for a commit now. {@code forwarded}: the tick
     * sent records on, which should become visible.
     */
    boolean dueAtTick(boolean forwarded, long nowMs) {
        PerThread thread = state.get();
        thread.forwarded |= forwarded;
        if (below == 0 || (thread.lastTick != Long.MIN_VALUE && nowMs - thread.lastTick < intervalMs)) {
            return false;
        }
        boolean due = (thread.processed > 0 || thread.forwarded) && thread.processed < below;
        thread.processed = 0;
        thread.forwarded = false;
        thread.lastTick = nowMs;
        return due;
    }
}
