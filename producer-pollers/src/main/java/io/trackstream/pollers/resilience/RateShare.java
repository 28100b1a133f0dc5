package io.trackstream.pollers.resilience;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * This instance's share of a carrier account's rate limit. The configured requests per second are the account's,
 * whatever the number of instances: each instance takes the share of the poll-target partitions it owns (at least
 * one partition's worth, so an instance without targets can still serve syncs). With six partitions and two
 * instances owning three each, each sends half the configured rate.
 */
public final class RateShare {

    private final IntSupplier ownedPartitions;
    private final AtomicInteger totalPartitions = new AtomicInteger();

    public RateShare(IntSupplier ownedPartitions) {
        this.ownedPartitions = ownedPartitions;
    }

    /** Everyone's share: for a single instance, or before the first assignment. */
    public static RateShare whole() {
        return new RateShare(() -> 1);
    }

    /** The poll-target topic's partition count, learnt at assignment. */
    public void totalPartitions(int total) {
        totalPartitions.set(total);
    }

    /** The fraction (0, 1] of an account's rate this instance may use. */
    public double fraction() {
        int total = totalPartitions.get();
        if (total <= 0) {
            return 1.0;
        }
        return Math.min(1.0, Math.max(1, ownedPartitions.getAsInt()) / (double) total);
    }
}
