package io.trackstream.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/** Runs a Streams topology until it has committed everything in its input topics, and says how long that took. */
final class StreamsRun {

    private StreamsRun() {
    }

    /** @return nanoseconds from start() to every input partition committed at its end offset */
    static long timeToDrain(Topology topology, Properties props, Admin admin, Collection<String> inputTopics, Duration limit) throws Exception {
        String applicationId = props.getProperty("application.id");
        Map<TopicPartition, Long> end = endOffsets(admin, inputTopics);
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            long deadline = start + limit.toNanos();
            while (!drained(admin, applicationId, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(applicationId + " did not drain its input within " + limit);
                }
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(applicationId + " stopped: " + streams.state());
                }
                Thread.sleep(50); // polling an admin API, not synchronising a test
            }
            long elapsed = System.nanoTime() - start;
            streams.close(Duration.ofSeconds(30));
            return elapsed;
        }
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics) throws Exception {
        Set<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
        ListOffsetsResult result = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())));
        return result.all().get().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean drained(Admin admin, String groupId, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            OffsetAndMetadata c = committed.get(e.getKey());
            // With exactly-once, the committed offset may sit one past the end (a transaction marker).
            if (c == null || c.offset() < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
