package io.trackstream.notifier.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topics the notifier reads and writes (docs/conventions.md); names come from configuration only. Four are its
 * own: dead letters, their replays (which no other consumer reads), the versions the shop platform has, and the
 * records waiting for an order system that cannot take them now.
 */
@ConfigurationProperties("trackstream.topics")
public record TopicNames(
        @DefaultValue("orders.auto-close.v1") String autoClose,
        @DefaultValue("shipments.status-changes.v1") String statusChanges,
        @DefaultValue("orders.notifier.dlt.v1") String notifierDeadLetters,
        @DefaultValue("orders.notifier.replay.v1") String notifierReplay,
        @DefaultValue("orders.notifier.shop-versions.v1") String notifierShopVersions,
        @DefaultValue("orders.notifier.retry.v1") String notifierRetry,
        @DefaultValue("shipments.parcel-changes.v1") String parcelChanges) {
}
