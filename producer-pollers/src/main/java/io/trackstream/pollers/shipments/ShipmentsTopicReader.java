package io.trackstream.pollers.shipments;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.trackstream.avro.Shipment;
import io.trackstream.pollers.config.KafkaConfig.ShipmentsConsumerSettings;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the compacted shipments.v1 into the {@link ShipmentReadModel}: every partition, from the beginning, without a
 * consumer group (every instance needs every shipment, since a sync request can reach any of them). Partitions added
 * to the topic later are picked up on the next metadata refresh.
 */
@Component
public class ShipmentsTopicReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShipmentsTopicReader.class);

    private final ShipmentsConsumerSettings settings;
    private final ShipmentReadModel model;
    private final String topic;
    private final PollersProperties.ShipmentsView config;
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    private volatile Instant lastPoll;
    private volatile boolean running;
    private volatile Consumer<String, Shipment> consumer;
    private Thread thread;

    public ShipmentsTopicReader(ShipmentsConsumerSettings settings, ShipmentReadModel model, TopicNames topics,
            PollersProperties properties) {
        this.settings = settings;
        this.model = model;
        this.topic = topics.shipments();
        this.config = properties.shipmentsView();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "shipments-view");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        stopped.countDown();
        Consumer<String, Shipment> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Reads until stopped. A broker error (a timeout during a leader election, a lost connection) is logged and
     * waited out with a growing back-off, and the reader goes on from where it was: it never ends for good, which
     * would leave the sync API answering 503 "starting" forever, or from a frozen view.
     */
    private void run() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        Duration backoff = INITIAL_BACKOFF;
        while (running) {
            try (Consumer<String, Shipment> c = new KafkaConsumer<>(settings.properties())) {
                consumer = c;
                readUntilStopped(c, positions);
            } catch (WakeupException e) {
                if (running) {
                    log.warn("Shipments view reader woken up unexpectedly; going on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.warn("Shipments view reader failed ({}); reading on from where it was in {}", e.toString(), backoff);
                try {
                    if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                continue;
            } finally {
                consumer = null;
            }
            backoff = INITIAL_BACKOFF;
        }
    }

    private void readUntilStopped(Consumer<String, Shipment> c, Map<TopicPartition, Long> positions) throws InterruptedException {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> catchUpTo = new HashMap<>();
        Instant nextRefresh = Instant.MIN;
        while (running) {
            if (Instant.now().isAfter(nextRefresh)) {
                Set<TopicPartition> added = discover(c, assigned);
                if (!added.isEmpty()) {
                    assigned.addAll(added);
                    c.assign(assigned);
                    for (TopicPartition tp : added) {
                        Long at = positions.get(tp);
                        if (at == null) {
                            c.seekToBeginning(List.of(tp));
                        } else {
                            c.seek(tp, at);
                        }
                    }
                    if (!model.caughtUp()) {
                        catchUpTo.putAll(c.endOffsets(added));
                    }
                }
                nextRefresh = Instant.now().plus(assigned.isEmpty() ? Duration.ofSeconds(1) : config.metadataRefresh());
            }
            if (assigned.isEmpty()) {
                // The topic does not exist yet: wait a little (or until stopped) and look again.
                if (stopped.await(1, TimeUnit.SECONDS)) {
                    return;
                }
                continue;
            }
            pollOnce(c);
            for (TopicPartition tp : assigned) {
                positions.put(tp, c.position(tp));
            }
            lastPoll = Instant.now();
            if (!model.caughtUp() && catchUpTo.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                model.markCaughtUp();
                log.info("Shipments view caught up with {}: {} shipments", topic, model.size());
            }
        }
    }

    /** Whether the reader polled the topic within {@code within} (false before its first poll). */
    public boolean polledWithin(Duration within) {
        Instant last = lastPoll;
        return last != null && last.isAfter(Instant.now().minus(within));
    }

    /** Reader failures so far (each waited out and read on from). */
    public long failures() {
        return failures.get();
    }

    private void pollOnce(Consumer<String, Shipment> c) {
        try {
            for (ConsumerRecord<String, Shipment> record : c.poll(config.pollTimeout())) {
                if (record.key() != null) {
                    model.apply(record.key(), record.value() == null ? null : ShipmentViewConverter.toView(record.value()));
                }
            }
        } catch (RecordDeserializationException e) {
            // One unreadable record must not blind the view to the rest: skip it.
            log.warn("Skipping unreadable shipment at {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            c.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private Set<TopicPartition> discover(Consumer<String, Shipment> c, Set<TopicPartition> known) {
        List<PartitionInfo> infos;
        try {
            infos = c.partitionsFor(topic, Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return Set.of();
        }
        Set<TopicPartition> added = new HashSet<>();
        if (infos != null) {
            for (PartitionInfo info : infos) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (!known.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        return added;
    }
}
