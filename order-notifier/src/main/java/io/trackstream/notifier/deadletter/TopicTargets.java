package io.trackstream.notifier.deadletter;

import io.trackstream.notifier.config.TopicNames;
import io.trackstream.notifier.outcome.Target;

/** Which order system a record of a consumed topic is for. */
public record TopicTargets(TopicNames topics) {

    public Target of(String topic) {
        return topics.autoClose().equals(topic) ? Target.CARRIYO : Target.SHOP;
    }
}
