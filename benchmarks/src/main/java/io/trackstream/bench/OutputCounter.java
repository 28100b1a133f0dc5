package io.trackstream.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Counts the committed records of an output topic as they appear (read_committed, no decoding, so it costs the
 * machine next to nothing while the app under test runs).
 */
final class OutputCounter implements AutoCloseable {

    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    OutputCounter(BenchStack stack, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = stack.committedReader(topic);
        thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    count.addAndGet(records.count());
                }
            }
        }, "count-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    long count() {
        return count.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
