package io.trackstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void listsEveryTopicOfTheDesignWithItsCleanupPolicy() {
        TopicCatalog catalog = TopicCatalog.defaults();

        assertThat(catalog.topics()).extracting(TopicSpec::name).containsExactlyInAnyOrder(
                "tracking.raw.v1", "tracking.raw.rejected.v1", "shipments.registrations.v1", "shipments.v1",
                "shipments.status-changes.v1", "shipments.parcel-changes.v1", "orders.auto-close.v1",
                "tracking.poll-targets.v1", "orders.notifier.dlt.v1", "orders.notifier.replay.v1",
                "orders.notifier.shop-versions.v1", "orders.notifier.retry.v1");
        assertThat(catalog.topics()).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name)
                .containsExactlyInAnyOrder("shipments.registrations.v1", "shipments.v1", "tracking.poll-targets.v1",
                        "orders.notifier.shop-versions.v1");
        assertThat(catalog.find("tracking.raw.v1")).get().extracting(TopicSpec::partitions).isEqualTo(6);
        // As order-notifier declares it (trackstream.notifier.dead-letters.partitions: 1), append-only.
        assertThat(catalog.find("orders.notifier.dlt.v1")).get().satisfies(dlt -> {
            assertThat(dlt.partitions()).isEqualTo(1);
            assertThat(dlt.compacted()).isFalse();
        });
    }

    @Test
    void partitionsCanBeOverriddenForSmallRuns() {
        assertThat(TopicCatalog.defaults().withPartitions(2).topics()).allMatch(t -> t.partitions() == 2);
    }
}
