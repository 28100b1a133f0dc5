package io.trackstream.notifier.config;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Earlier versions consumed every topic in one group ({@code trackstream.notifier.group-id}); each listener now has
 * its own ({@link ListenerGroups}). A new group without offsets would read its topic from the beginning and send every
 * retained record again, so before the listeners start, each new group that has no offsets yet gets the old group's
 * offsets for its topic. Once it has offsets of its own, it is left alone.
 */
public final class GroupOffsetsCarryOver {

    private static final Logger log = LoggerFactory.getLogger(GroupOffsetsCarryOver.class);
    private static final long TIMEOUT_SECONDS = 30;

    private GroupOffsetsCarryOver() {
    }

    /** @param newGroupsByTopic the group that now consumes each topic the old group did */
    public static void carryOver(Admin admin, String oldGroup, Map<String, String> newGroupsByTopic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> old = offsets(admin, oldGroup);
            if (old.isEmpty()) {
                return;
            }
            for (Map.Entry<String, String> e : newGroupsByTopic.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> carried = old.entrySet().stream()
                        .filter(o -> o.getKey().topic().equals(e.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, o -> new OffsetAndMetadata(o.getValue().offset())));
                if (carried.isEmpty() || !offsets(admin, e.getValue()).isEmpty()) {
                    continue;
                }
                admin.alterConsumerGroupOffsets(e.getValue(), carried).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.info("Consumer group {} starts where {} left {}: {}", e.getValue(), oldGroup, e.getKey(), carried);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while carrying consumer group offsets over from " + oldGroup, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot carry the offsets of consumer group " + oldGroup
                    + " over to the listeners' groups (is the broker reachable?); not starting, so that no record is sent again", e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Admin admin, String group)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
