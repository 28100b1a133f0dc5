package io.trackstream.notifier.deadletter;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run of the replay command did (or, in a dry run, would do): each dead letter written back, how many were
 * held back by default ({@code REJECTED}, {@code INVALID_RECORD}), and the ones it could not place.
 */
public record ReplayReport(List<Replayed> replayed, int heldBack, int skipped, boolean dryRun) {

    /**
     * One dead letter ({@code partition@offset} of the dead letter topic) from {@code originalTopic}, written back
     * (or to be, in a dry run). {@code tenant} is null when it was not read or cannot be.
     */
    public record Replayed(int partition, long offset, String key, String originalTopic, String reason, String target,
            String tenant, Instant deadLetteredAt) {

        public String describe() {
            return "dlt-" + partition + "@" + offset + " key " + key + " from " + originalTopic + ", reason " + reason
                    + ", target " + target + (tenant != null ? ", tenant " + tenant : "") + ", dead-lettered " + deadLetteredAt;
        }
    }

    public ReplayReport {
        replayed = List.copyOf(replayed);
    }

    public int count() {
        return replayed.size();
    }

    public Map<String, Integer> replayedByTopic() {
        Map<String, Integer> byTopic = new TreeMap<>();
        replayed.forEach(r -> byTopic.merge(r.originalTopic(), 1, Integer::sum));
        return byTopic;
    }
}
