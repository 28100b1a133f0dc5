package io.trackstream.notifier.shop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Per shipment, the version of the last update the shop platform acknowledged, kept in the notifier's compacted topic
 * {@code orders.notifier.shop-versions.v1} so every instance, and every restart, knows it. The shop platform keeps
 * whatever it was sent last: an update older than the one it has would roll it back (a replayed dead letter that a
 * newer change overtook). {@link #isOlderThanApplied} tells the notifier not to send such an update.
 * <p>
 * Read from the topic's beginning before the listeners start, then followed by a thread of its own; a replayed update
 * reads up to the topic's end first ({@link #catchUp}), so it also sees what another instance applied a moment ago.
 * One entry of about a hundred bytes per shipment the shop was told about.
 */
public class ShopVersions implements AppliedShopVersions, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShopVersions.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final KafkaTemplate<String, byte[]> template;
    private final String topic;
    private final Duration startTimeout;
    private final boolean autoStartup;
    private final Object reading = new Object();
    private Consumer<String, byte[]> reader;
    private Thread follower;
    private volatile boolean running;

    /** @param autoStartup whether it loads with the app: with the listeners, which are what needs it */
    public ShopVersions(Supplier<Consumer<String, byte[]>> consumers, KafkaTemplate<String, byte[]> template, String topic,
            Duration startTimeout, boolean autoStartup) {
        this.consumers = consumers;
        this.template = template;
        this.topic = topic;
        this.startTimeout = startTimeout;
        this.autoStartup = autoStartup;
    }

    @Override
    public boolean isOlderThanApplied(String shipmentId, long version) {
        Long last = applied.get(shipmentId);
        return last != null && last > version;
    }

    @Override
    public void applied(String shipmentId, long version) {
        try {
            template.send(topic, shipmentId, Long.toString(version).getBytes(StandardCharsets.US_ASCII))
                    .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recording the shop's version of " + shipmentId, e);
        } catch (ExecutionException | TimeoutException e) {
            // Thrown, so the record is retried (the update again, same idempotency key), then the version.
            throw new IllegalStateException("The shop's version of " + shipmentId + " could not be recorded", e);
        }
        applied.merge(shipmentId, version, Math::max);
    }

    /** Reads the topic up to its current end: what any instance recorded before this call is known after it. */
    public void catchUp() {
        synchronized (reading) {
            if (reader == null) {
                throw new IllegalStateException("The shop versions are not loaded yet");
            }
            Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment());
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> reader.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end in " + startTimeout);
                }
                readOnce();
            }
        }
    }

    @Override
    public void start() {
        synchronized (reading) {
            reader = consumers.get();
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
        }
        catchUp();
        log.info("Shop versions loaded from {}: {} shipment(s)", topic, applied.size());
        running = true;
        follower = new Thread(this::follow, "shop-versions-follower");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        while (running) {
            try {
                synchronized (reading) {
                    readOnce();
                }
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Following {} failed; trying again: {}", topic, e.toString());
            }
        }
    }

    private void readOnce() {
        for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
            if (record.key() == null) {
                continue;
            }
            if (record.value() == null) {
                applied.remove(record.key());
                continue;
            }
            try {
                applied.merge(record.key(), Long.parseLong(new String(record.value(), StandardCharsets.US_ASCII)), Math::max);
            } catch (NumberFormatException notAVersion) {
                log.warn("Ignoring {}-{}@{}: not a version", record.topic(), record.partition(), record.offset());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (follower != null) {
            follower.interrupt();
        }
        synchronized (reading) {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /** Before the listener containers (their phase is Integer.MAX_VALUE - 100): no update is judged before the load. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    int size() {
        return applied.size();
    }
}
