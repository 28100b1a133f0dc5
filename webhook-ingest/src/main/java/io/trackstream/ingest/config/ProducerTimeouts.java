package io.trackstream.ingest.config;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Derives the producer's own timeouts from the one the HTTP caller cares about, so a broker outage turns into a 503
 * within that time instead of the producer's defaults (60 s blocked in send, 120 s delivery timeout). Kafka insists
 * that delivery.timeout.ms &ge; linger.ms + request.timeout.ms. {@code max.block.ms}, how long one send may block
 * for metadata or buffer space, is a tenth of the request's deadline (0.1 s to 1 s): the publisher retries such a
 * send while the deadline leaves room for one more, so a request of a hundred records still ends within its one
 * deadline, not one per record.
 */
public final class ProducerTimeouts {

    private static final long DEFAULT_LINGER_MS = 5;

    private ProducerTimeouts() {
    }

    /** How long one send may block: a tenth of the deadline, 0.1 s to 1 s. */
    public static Duration maxBlock(Duration requestTimeout) {
        long tenth = requestTimeout.toMillis() / 10;
        return Duration.ofMillis(Math.max(100, Math.min(1000, tenth)));
    }

    public static Map<String, Object> within(Duration publishTimeout, Object configuredLinger) {
        long total = publishTimeout.toMillis();
        long linger = configuredLinger == null ? DEFAULT_LINGER_MS : Long.parseLong(configuredLinger.toString());
        if (linger >= total / 2) {
            throw new IllegalArgumentException("linger.ms (" + linger + ") must be well below trackstream.ingest.publish.timeout (" + total + " ms)");
        }
        return Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock(publishTimeout).toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) total,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (total - linger));
    }
}
