package io.trackstream.notifier.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import io.trackstream.topics.TopicNames;
import io.trackstream.notifier.listener.WaitHeaders;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.Target;

/**
 * Writes the dead letters that have not been replayed yet to the notifier's own replay topic, unchanged (same key,
 * same value bytes, so the same idempotency key) with the order system they are for in a header, where the notifier
 * picks them up again. Never back to their original topics: those are the processor's public topics, and every other
 * consumer of them would see the auto-close or the status change a second time. Progress is the committed offset of
 * its own consumer group, committed only after the batch's writes are acknowledged: a crashed replay sends some
 * records again, which the idempotency key makes harmless. It reads up to the end offsets seen when it starts, so
 * records dead-lettered again while it runs wait for the next replay. A {@link ReplaySelection} aims a run (reason,
 * target, tenant, time range) or makes it a dry run.
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
    private final BiFunction<Target, ConsumerRecord<String, byte[]>, String> tenants;

    /** @param tenants the tenant of a dead letter, read from its value (null when it cannot be read) */
    public DeadLetterReplayer(Supplier<Consumer<String, byte[]>> consumers, KafkaTemplate<String, byte[]> template,
            String deadLetterTopic, String replayTopic, TopicTargets targets, NotifierMetrics metrics,
            BiFunction<Target, ConsumerRecord<String, byte[]>, String> tenants) {
        this.tenants = tenants;
        this.consumers = consumers;
        this.template = template;
        this.deadLetterTopic = deadLetterTopic;
        this.replayTopic = replayTopic;
        this.targets = targets;
        this.metrics = metrics;
    }

    /** Replays every dead letter not replayed yet, but those held back by default. */
    public ReplayReport replay() {
        return replay(ReplaySelection.ALL_NOT_REPLAYED);
    }

    public ReplayReport replay(ReplaySelection selection) {
        List<ReplayReport.Replayed> replayed = new ArrayList<>();
        int heldBack = 0;
        int skipped = 0;
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            seekToStart(consumer, partitions, selection);
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
                    Target target = target(record, original);
                    FailureReason reason = reason(record);
                    Instant at = Instant.ofEpochMilli(record.timestamp());
                    String tenant = selection.needsTenant() || selection.dryRun() ? tenants.apply(target, record) : null;
                    if (!selection.matches(reason, target, tenant, at)) {
                        if (selection.holdsBack(reason)) {
                            heldBack++;
                        }
                        continue;
                    }
                    if (!selection.dryRun()) {
                        sends.add(template.send(toReplayTopic(record, target.tag())));
                    }
                    replayed.add(new ReplayReport.Replayed(record.partition(), record.offset(), record.key(),
                            publicTopic(original, target), reason == null ? "?" : reason.name(), target.tag(), tenant, at));
                }
                awaitAll(sends);
                if (!progress.isEmpty() && !selection.aimed() && !selection.dryRun()) {
                    consumer.commitSync(progress);
                }
            }
        }
        ReplayReport report = new ReplayReport(replayed, heldBack, skipped, selection.dryRun());
        if (report.dryRun()) {
            report.replayed().forEach(r -> log.info("Would replay {}", r.describe()));
            log.info("Dry run: would replay {} dead letter(s) from {} {}, held back {}, skipped {}", report.count(),
                    deadLetterTopic, report.replayedByTopic(), report.heldBack(), report.skipped());
            return report;
        }
        report.replayedByTopic().forEach(metrics::replayed);
        report.replayed().forEach(r -> log.info("Replayed {} to {}", r.describe(), replayTopic));
        log.info("Replayed {} dead letter(s) from {} {}, held back {}, skipped {}", report.count(), deadLetterTopic,
                report.replayedByTopic(), report.heldBack(), report.skipped());
        return report;
    }

    /**
     * A plain run starts where the last plain run stopped; an aimed one at the start of its time range, or at the
     * beginning, so that it finds dead letters a plain run has passed over.
     */
    private static void seekToStart(Consumer<String, byte[]> consumer, List<TopicPartition> partitions,
            ReplaySelection selection) {
        if (selection.aimed()) {
            if (selection.from().isPresent()) {
                long from = selection.from().get().toEpochMilli();
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(tp -> query.put(tp, from));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                for (TopicPartition tp : partitions) {
                    OffsetAndTimestamp at = found.get(tp);
                    consumer.seek(tp, at != null ? at.offset() : ends.get(tp));
                }
            } else {
                consumer.seekToBeginning(partitions);
            }
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                consumer.seek(tp, c.offset());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    /** The processor's topic the record first came from, also when it was dead-lettered from the retry or replay topic. */
    private String publicTopic(String original, Target target) {
        TopicNames topics = targets.topics();
        if (original.equals(topics.notifierRetry()) || original.equals(topics.notifierReplay())) {
            return target == Target.CARRIYO ? topics.autoClose() : topics.statusChanges();
        }
        return original;
    }

    private static FailureReason reason(ConsumerRecord<String, byte[]> record) {
        String reason = header(record, DeadLetterHeaders.REASON);
        try {
            return reason == null ? null : FailureReason.valueOf(reason);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** The order system of a dead letter: the header the notifier wrote, else its original topic's. */
    private Target target(ConsumerRecord<String, byte[]> record, String originalTopic) {
        String written = header(record, DeadLetterHeaders.TARGET);
        if (written != null && !written.isBlank()) {
            try {
                return Target.fromTag(written);
            } catch (IllegalArgumentException unknown) {
                // fall back on the topic
            }
        }
        return targets.of(originalTopic);
    }

    private ProducerRecord<String, byte[]> toReplayTopic(ConsumerRecord<String, byte[]> record, String target) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            // The dead letter's own bookkeeping stays in the dead letter topic, and so does its wait: a replay starts
            // its patience afresh (an old waiting-since would give it up at its first failure). The rest goes back.
            if (!h.key().startsWith("kafka_") && !h.key().startsWith("trackstream-dlt-") && !WaitHeaders.isOurs(h.key())
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
