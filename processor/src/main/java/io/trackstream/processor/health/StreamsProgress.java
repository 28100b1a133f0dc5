package io.trackstream.processor.health;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches whether this instance's active tasks make progress: every {@code sampleInterval} (and on every health
 * call) it reads each task's committed and end offsets from Kafka Streams. An input partition whose committed offset
 * has not moved for longer than the stall timeout while it has lag is stalled: a record the task cannot get past,
 * retried forever, or a thread stuck in a call.
 */
public class StreamsProgress implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamsProgress.class);

    private final Supplier<KafkaStreams> streams;
    private final ProcessorHealthProperties properties;
    private final Clock clock;
    private final PartitionProgress progress = new PartitionProgress();
    private volatile List<StalledPartition> stalled = List.of();
    private ScheduledExecutorService sampler;

    public StreamsProgress(Supplier<KafkaStreams> streams, ProcessorHealthProperties properties, Clock clock) {
        this.streams = streams;
        this.properties = properties;
        this.clock = clock;
    }

    /** Reads the tasks' offsets now and returns the stalled partitions. */
    public synchronized List<StalledPartition> sample() {
        KafkaStreams running = streams.get();
        if (running == null || running.state() != KafkaStreams.State.RUNNING) {
            // Rebalancing or restoring moves no committed offset; nothing is stalled until the tasks run again.
            progress.observe(Map.of(), clock.instant());
        } else {
            progress.observe(activeTaskOffsets(running), clock.instant());
        }
        stalled = progress.stalled(properties.stallTimeout(), clock.instant());
        return stalled;
    }

    /** The stalled partitions as of the last sample (for the gauge). */
    public List<StalledPartition> lastSample() {
        return stalled;
    }

    private static Map<TopicPartition, PartitionProgress.Offsets> activeTaskOffsets(KafkaStreams running) {
        Map<TopicPartition, PartitionProgress.Offsets> offsets = new HashMap<>();
        for (ThreadMetadata thread : running.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition partition : task.topicPartitions()) {
                    long committed = task.committedOffsets().getOrDefault(partition, -1L);
                    long end = task.endOffsets().getOrDefault(partition, -1L);
                    offsets.put(partition, new PartitionProgress.Offsets(committed, end));
                }
            }
        }
        return offsets;
    }

    @Override
    public synchronized void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "streams-progress");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.sampleInterval().toMillis();
        sampler.scheduleWithFixedDelay(this::sampleQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            List<StalledPartition> now = sample();
            if (!now.isEmpty()) {
                log.warn("Input partitions with lag and no progress for over {}: {}", properties.stallTimeout(), now);
            }
        } catch (RuntimeException e) {
            log.debug("Could not sample the tasks' offsets", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sampler != null;
    }
}
