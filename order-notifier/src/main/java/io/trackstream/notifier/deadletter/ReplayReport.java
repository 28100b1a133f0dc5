package io.trackstream.notifier.deadletter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one run of the replay command did: each dead letter written back, and the ones it could not place. */
public record ReplayReport(List<Replayed> replayed, int skipped) {

    /** One dead letter ({@code partition@offset} of the dead letter topic) written back to {@code originalTopic}. */
    public record Replayed(int partition, long offset, String key, String originalTopic) {
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
