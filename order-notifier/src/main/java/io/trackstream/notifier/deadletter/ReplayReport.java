package io.trackstream.notifier.deadletter;

import java.util.Map;

/** What one run of the replay command did: records written back per original topic, and records it could not place. */
public record ReplayReport(Map<String, Integer> replayedByTopic, int skipped) {

    public ReplayReport {
        replayedByTopic = Map.copyOf(replayedByTopic);
    }

    public int replayed() {
        return replayedByTopic.values().stream().mapToInt(Integer::intValue).sum();
    }
}
