package io.trackstream.notifier.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The topics the notifier reads and writes (docs/conventions.md); names come from configuration only. */
@ConfigurationProperties("trackstream.topics")
public record TopicNames(
        @DefaultValue("orders.auto-close.v1") String autoClose,
        @DefaultValue("shipments.status-changes.v1") String statusChanges,
        @DefaultValue("orders.notifier.dlt.v1") String notifierDeadLetters) {
}
