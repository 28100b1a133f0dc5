package io.trackstream.processor.topology;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.trackstream.contract.TrackingLimits;
import io.trackstream.topics.TopicNames;

/**
 * What the topology needs to know, with no Spring in it.
 *
 * @param topics                    the public topics' names
 * @param parcelPartitions          partitions of {@code tracking.raw.v1}: the registrations re-keyed by parcel must be
 *                                  co-partitioned with it
 * @param shipmentPartitions        partitions of the internal topic that carries parcel changes to their shipment
 * @param maxHistoryEntries         the most events kept per parcel; the oldest are dropped beyond it (their keys are
 *                                  kept, as many, so a re-sent old event is still a repeat)
 * @param autoCloseExcludedChannels sales channels whose orders are never auto-closed (compared case-insensitively)
 * @param flushInterval             how often changed parcels are sent to their shipments (wall-clock) under light
 *                                  load; the events of one poll are applied together, so a momentary status does
 *                                  not become a change
 * @param busyFlushInterval         the least time between two flushes of a task under heavy load (not shorter than
 *                                  {@code flushInterval})
 * @param eagerCommitBelow          under this many records per stream thread and flush interval (light load),
 *                                  each flush also asks for a commit, so changes reach read_committed readers
 *                                  without waiting for {@code commit.interval.ms}; 0 never asks
 * @param batchWait                 the longest a changed parcel waits for the rest of its batch (the events one poll
 *                                  or webhook reported together) before it is sent on regardless
 * @param registrationWait          the longest a new registration waits for all its parcels to answer before the
 *                                  shipment shows it with what is known
 * @param rederiveChunk             how many stored parcels a task checks against changed mapping tables per tick
 *                                  (0: never)
 */
public record ProcessorTopologyConfig(
        Topics topics,
        int parcelPartitions,
        int shipmentPartitions,
        int maxHistoryEntries,
        Set<String> autoCloseExcludedChannels,
        Duration flushInterval,
        Duration busyFlushInterval,
        int eagerCommitBelow,
        Duration batchWait,
        Duration registrationWait,
        int rederiveChunk) {

    public ProcessorTopologyConfig {
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (flushInterval.toMillis() < 1) {
            throw new IllegalArgumentException("flushInterval must be at least 1 ms, was " + flushInterval);
        }
        Objects.requireNonNull(busyFlushInterval, "busyFlushInterval");
        if (busyFlushInterval.compareTo(flushInterval) < 0) {
            throw new IllegalArgumentException("busyFlushInterval (" + busyFlushInterval + ") must not be shorter than flushInterval ("
                    + flushInterval + ")");
        }
        Objects.requireNonNull(topics, "topics");
        if (parcelPartitions < 1 || shipmentPartitions < 1) {
            throw new IllegalArgumentException("partition counts must be positive");
        }
        if (eagerCommitBelow < 0) {
            throw new IllegalArgumentException("eagerCommitBelow must not be negative, was " + eagerCommitBelow);
        }
        if (maxHistoryEntries < 1 || maxHistoryEntries > TrackingLimits.MAX_HISTORY_ENTRIES) {
            throw new IllegalArgumentException("maxHistoryEntries must be 1 to " + TrackingLimits.MAX_HISTORY_ENTRIES
                    + " (a parcel record must stay under Kafka's record limit), was " + maxHistoryEntries);
        }
        Objects.requireNonNull(batchWait, "batchWait");
        Objects.requireNonNull(registrationWait, "registrationWait");
        if (rederiveChunk < 0) {
            throw new IllegalArgumentException("rederiveChunk must not be negative, was " + rederiveChunk);
        }
        if (batchWait.isNegative() || registrationWait.isNegative()) {
            throw new IllegalArgumentException("batchWait and registrationWait must not be negative");
        }
        autoCloseExcludedChannels = autoCloseExcludedChannels.stream()
                .map(c -> c.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Defaults of docs/conventions.md and docs/processor.md. */
    public static ProcessorTopologyConfig defaults() {
        return new ProcessorTopologyConfig(Topics.defaults(), 6, 6, 100, Set.of("shopify"), DEFAULT_FLUSH_INTERVAL,
                DEFAULT_BUSY_FLUSH_INTERVAL, DEFAULT_EAGER_COMMIT_BELOW, DEFAULT_BATCH_WAIT, DEFAULT_REGISTRATION_WAIT,
                DEFAULT_REDERIVE_CHUNK);
    }

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(20);
    public static final Duration DEFAULT_BUSY_FLUSH_INTERVAL = Duration.ofMillis(50);
    /** 40 records per 20 ms: light load is under 2,000 records/s per stream thread. */
    public static final int DEFAULT_EAGER_COMMIT_BELOW = 40;
    public static final Duration DEFAULT_BATCH_WAIT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REGISTRATION_WAIT = Duration.ofSeconds(30);
    /** 100 parcels per 20 ms tick: up to 5,000 parcels a second per task, between the live events. */
    public static final int DEFAULT_REDERIVE_CHUNK = 100;

    public boolean autoCloses(String salesChannel) {
        return salesChannel == null || !autoCloseExcludedChannels.contains(salesChannel.trim().toLowerCase(Locale.ROOT));
    }

    public ProcessorTopologyConfig withPartitions(int parcels, int shipments) {
        return new ProcessorTopologyConfig(topics, parcels, shipments, maxHistoryEntries, autoCloseExcludedChannels, flushInterval,
                busyFlushInterval, eagerCommitBelow, batchWait, registrationWait, rederiveChunk);
    }

    public ProcessorTopologyConfig withMaxHistoryEntries(int max) {
        return new ProcessorTopologyConfig(topics, parcelPartitions, shipmentPartitions, max, autoCloseExcludedChannels, flushInterval,
                busyFlushInterval, eagerCommitBelow, batchWait, registrationWait, rederiveChunk);
    }

    /** The public topics the topology reads and writes. */
    public record Topics(String raw, String rejected, String registrations, String shipments, String statusChanges,
                         String parcelChanges, String autoClose, String pollTargets) {

        public Topics {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(rejected, "rejected");
            Objects.requireNonNull(registrations, "registrations");
            Objects.requireNonNull(shipments, "shipments");
            Objects.requireNonNull(statusChanges, "statusChanges");
            Objects.requireNonNull(parcelChanges, "parcelChanges");
            Objects.requireNonNull(autoClose, "autoClose");
            Objects.requireNonNull(pollTargets, "pollTargets");
        }

        /** The topology's topics out of the names every app binds. */
        public static Topics of(TopicNames names) {
            return new Topics(names.raw(), names.rejected(), names.registrations(), names.shipments(), names.statusChanges(),
                    names.parcelChanges(), names.autoClose(), names.pollTargets());
        }

        public static Topics defaults() {
            return of(TopicNames.defaults());
        }
    }
}
