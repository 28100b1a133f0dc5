package io.trackstream.notifier.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import io.trackstream.notifier.metrics.NotifierMetrics;

/**
 * Writes the dead letters that have not been replayed yet to the notifier's own replay topic, unchanged (same key,
 * same value bytes, so the same idempotency key) with the order system they are for in a header, where the notifier
 * picks them up again. Never back to their original topics: those are the processor's public topics, and every other
 * consumer of them would see the auto-close or the status change a second time. Progress is the committed offset of
 * its own consumer group, committed only after the batch's writes are acknowledged: a crashed replay sends some
 * records again, which the idempotency key makes harmless. It reads up to the end offsets seen when it starts, so
 * records dead-lettered again while it runs wait for the next replay.
 */
public class DeadLetterReplayer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final KafkaTemplate<String, byte[]> template;
    private final String deadLetterTopic;
    private final String replayTopic;
    private final TopicTargets targets;
    private final NotifierMetrics metrics;

    public DeadLetterReplayer(Supplier<Consumer<String, byte[]>> consumers, KafkaTemplate<String, byte[]> template,
            String deadLetterTopic, String replayTopic, TopicTargets targets, NotifierMetrics metrics) {
        this.consumers = consumers;
        this.template = template;
        this.deadLetterTopic = deadLetterTopic;
        this.replayTopic = replayTopic;
        this.targets = targets;
        this.metrics = metrics;
    }

    public ReplayReport replay() {
        List<ReplayReport.Replayed> replayed = new ArrayList<>();
        int skipped = 0;
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                if (c != null) {
                    consumer.seek(tp, c.offset());
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
            while (!reachedEnd(consumer, end)) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
                List<CompletableFuture<?>> sends = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(tp)) {
                        continue;
                    }
                    progress.put(tp, new OffsetAndMetadata(record.offset() + 1));
                    String original = header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
                    if (original == null || original.isBlank()) {
                        skipped++;
                        log.warn("Dead letter {}-{}@{} names no original topic: not replayed", record.topic(),
                                record.partition(), record.offset());
                        continue;
                    }
                    sends.add(template.send(toReplayTopic(record, target(record, original))));
                    replayed.add(new ReplayReport.Replayed(record.partition(), record.offset(), record.key(), original));
                }
                awaitAll(sends);
                if (!progress.isEmpty()) {
                    consumer.commitSync(progress);
                }
            }
        }
        ReplayReport report = new ReplayReport(replayed, skipped);
        report.replayedByTopic().forEach(metrics::replayed);
        report.replayed().forEach(r -> log.info("Replayed {}-{}@{} key {} (from {}) to {}", deadLetterTopic, r.partition(),
                r.offset(), r.key(), r.originalTopic(), replayTopic));
        log.info("Replayed {} dead letter(s) from {} {}, skipped {}", report.count(), deadLetterTopic,
                report.replayedByTopic(), report.skipped());
        return report;
    }

    /** The order system of a dead letter: the header the notifier wrote, else its original topic's. */
    private String target(ConsumerRecord<String, byte[]> record, String originalTopic) {
        String written = header(record, DeadLetterHeaders.TARGET);
        return written != null && !written.isBlank() ? written : targets.of(originalTopic).tag();
    }

    private ProducerRecord<String, byte[]> toReplayTopic(ConsumerRecord<String, byte[]> record, String target) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            // The dead letter's own bookkeeping stays in the dead letter topic; the original headers go back.
            if (!h.key().startsWith("kafka_") && !h.key().startsWith("trackstream-dlt-")
                    && !h.key().equals(DeadLetterHeaders.REPLAYED_FROM) && !h.key().equals(DeadLetterHeaders.REPLAY_TARGET)) {
                headers.add(h);
            }
        }
        headers.add(DeadLetterHeaders.REPLAYED_FROM, DeadLetterHeaders.utf8(
                record.topic() + "-" + record.partition() + "@" + record.offset()));
        headers.add(DeadLetterHeaders.REPLAY_TARGET, DeadLetterHeaders.utf8(target));
        return new ProducerRecord<>(replayTopic, null, record.key(), record.value(), headers);
    }

    private static boolean reachedEnd(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static void awaitAll(List<CompletableFuture<?>> sends) {
        for (var send : sends) {
            try {
                send.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while replaying dead letters", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("A replayed record was not acknowledged; progress not committed", e);
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
