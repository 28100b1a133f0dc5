package io.trackstream.notifier.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.trackstream.notifier.config.GroupOffsetsCarryOver;

/**
 * Upgrading from one group for every listener: each listener's new group starts where the old group left its topic,
 * and a group that already has offsets keeps them.
 */
class GroupOffsetsCarryOverTest extends BrokerTestSupport {

    @Test
    void newGroupsStartWhereTheOldGroupLeftTheirTopic() throws Exception {
        TopicPartition autoClose0 = new TopicPartition(topics.autoClose(), 0);
        TopicPartition autoClose1 = new TopicPartition(topics.autoClose(), 1);
        TopicPartition statusChanges0 = new TopicPartition(topics.statusChanges(), 0);
        try (Admin admin = broker.admin()) {
            // Given the old group's offsets, and a status-changes group that already has its own
            admin.alterConsumerGroupOffsets("legacy", Map.of(autoClose0, new OffsetAndMetadata(3),
                    autoClose1, new OffsetAndMetadata(4), statusChanges0, new OffsetAndMetadata(5))).all().get(30, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets("legacy-status-changes", Map.of(statusChanges0, new OffsetAndMetadata(0)))
                    .all().get(30, TimeUnit.SECONDS);

            GroupOffsetsCarryOver.carryOver(admin, "legacy", Map.of(topics.autoClose(), "legacy-auto-close",
                    topics.statusChanges(), "legacy-status-changes", topics.notifierReplay(), "legacy-replay"));

            assertThat(offsets(admin, "legacy-auto-close")).containsOnlyKeys(autoClose0, autoClose1)
                    .hasEntrySatisfying(autoClose0, o -> assertThat(o.offset()).isEqualTo(3))
                    .hasEntrySatisfying(autoClose1, o -> assertThat(o.offset()).isEqualTo(4));
            assertThat(offsets(admin, "legacy-status-changes")).containsOnlyKeys(statusChanges0)
                    .hasEntrySatisfying(statusChanges0, o -> assertThat(o.offset()).as("its own").isZero());
            assertThat(offsets(admin, "legacy-replay")).as("the old group never read it").isEmpty();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    }
}
