package io.trackstream.processor.topology;

/**
 * When to ask Kafka Streams for a commit before {@code commit.interval.ms} is up. Under exactly-once, what a task
 * writes is invisible to read_committed readers (the shipment side of the topology itself, the order notifier) until
 * its transaction commits, so a status change waits for two commits on its way. Under light load a commit per flush
 * interval costs little and takes that wait from commit.interval.ms down to the flush interval; under heavy load the
 * commit interval batches the work, as it should. The count is per task, ticked by the task's flush punctuation.
 */
final class EagerCommit {

    private final int below;
    private int processed;

    /** @param below light load: fewer records than this per tick; 0 never asks */
    EagerCommit(int below) {
        this.below = below;
    }

    void processed() {
        processed++;
    }

    /** At a tick: whether to ask for a commit now (something happened since the last tick, and not much). */
    boolean dueAtTick(boolean forwarded) {
        boolean due = below > 0 && (processed > 0 || forwarded) && processed < below;
        processed = 0;
        return due;
    }
}
