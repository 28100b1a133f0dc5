package io.trackstream.notifier.config;

import io.trackstream.topics.TopicNames;

/**
 * Each listener's own consumer group, named after {@code trackstream.notifier.group-id}: a listener that is slow or
 * rebalancing never takes the partitions of another with it.
 */
public record ListenerGroups(String base) {

    public String autoClose() {
        return base + "-auto-close";
    }

    /** Status and label changes: one group, one container, so one consumer has the same partition of both. */
    public String statusChanges() {
        return base + "-status-changes";
    }

    public String replay() {
        return base + "-replay";
    }

    public String retry() {
        return base + "-retry";
    }

    /** The group that consumes {@code topic}. */
    public String of(TopicNames topics, String topic) {
        if (topic.equals(topics.autoClose())) {
            return autoClose();
        }
        if (topic.equals(topics.statusChanges()) || topic.equals(topics.parcelChanges())) {
            return statusChanges();
        }
        if (topic.equals(topics.notifierReplay())) {
            return replay();
        }
        if (topic.equals(topics.notifierRetry())) {
            return retry();
        }
        throw new IllegalArgumentException("No notifier listener consumes " + topic);
    }
}
