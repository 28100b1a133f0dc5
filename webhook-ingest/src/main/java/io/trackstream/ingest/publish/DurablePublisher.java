package io.trackstream.ingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.trackstream.ingest.metrics.IngestMetrics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Sends a request's records and returns only once Kafka has acknowledged every one of them (the producer runs with
 * acks=all and idempotence), or throws {@link PublishFailedException} once the publish timeout has passed. This is
 * what makes a 2xx mean "durable": the HTTP answer waits on the send futures, never on a fire-and-forget.
 * <p>
 * A timeout does not cancel records already handed to the producer: some may still land after the caller was told
 * 503. The caller then sends again and the processor's dedupe drops the copy; the reverse (an answer of 2xx for a
 * record that is not in Kafka) cannot happen.
 */
public class DurablePublisher {

    private final ProducerFactory<String, SpecificRecord> producers;
    private final Duration timeout;
    private final IngestMetrics metrics;

    /**
     * @param producers gives the shared producer (DefaultKafkaProducerFactory hands out one instance and replaces it
     *                  if it ever fails fatally)
     */
    public DurablePublisher(ProducerFactory<String, SpecificRecord> producers, Duration timeout, IngestMetrics metrics) {
        this.producers = producers;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    public void publish(String target, List<? extends ProducerRecord<String, ? extends SpecificRecord>> records) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            Producer<String, SpecificRecord> producer = producers.createProducer();
            List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
            for (ProducerRecord<String, ? extends SpecificRecord> record : records) {
                sends.add(producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value())));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            metrics.published(target, true, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(target, start, "interrupted while waiting for Kafka", e);
        } catch (TimeoutException e) {
            throw failed(target, start, "Kafka did not acknowledge within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw failed(target, start, "Kafka refused the write: " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            // send may throw instead of failing the future (serializer, schema registry, closed producer).
            throw failed(target, start, "the write could not be started: " + e, e);
        }
    }

    private PublishFailedException failed(String target, long start, String why, Throwable cause) {
        metrics.published(target, false, System.nanoTime() - start);
        return new PublishFailedException("Publishing to " + target + " failed: " + why, cause);
    }
}
