package io.trackstream.ingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import io.trackstream.ingest.metrics.IngestMetrics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Sends a request's records and returns only once Kafka has acknowledged every one of them (the producer runs with
 * acks=all and idempotence), or throws {@link PublishFailedException} once the request's {@link Deadline} has passed.
 * This is what makes a 2xx mean "durable": the HTTP answer waits on the send futures, never on a fire-and-forget.
 * <p>
 * One deadline for the whole request, however many records: a send blocks at most {@code maxBlock} (the producer's
 * max.block.ms, waiting for metadata or buffer space) and then fails at once; such a send is tried again while the
 * deadline leaves room for another {@code maxBlock}, and the first failure of any other kind ends the request.
 * So a broker that is down, even one this instance never reached (no metadata), is a 503 within the deadline.
 * <p>
 * A timeout does not cancel records already handed to the producer: some may still land after the caller was told
 * 503. The caller then sends again and the processor's dedupe drops the copy; the reverse (an answer of 2xx for a
 * record that is not in Kafka) cannot happen.
 */
public class DurablePublisher {

    /** Between two tries of a send that failed at once (not after blocking): no busy loop. */
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ProducerFactory<String, SpecificRecord> producers;
    private final long maxBlockNanos;
    private final IngestMetrics metrics;

    /**
     * @param producers gives the shared producer (DefaultKafkaProducerFactory hands out one instance and replaces it
     *                  if it ever fails fatally)
     * @param maxBlock  the producer's max.block.ms
     */
    public DurablePublisher(ProducerFactory<String, SpecificRecord> producers, Duration maxBlock, IngestMetrics metrics) {
        this.producers = producers;
        this.maxBlockNanos = maxBlock.toNanos();
        this.metrics = metrics;
    }

    public void publish(String target, List<? extends ProducerRecord<String, ? extends SpecificRecord>> records, Deadline deadline) {
        long start = System.nanoTime();
        try {
            Producer<String, SpecificRecord> producer = producers.createProducer();
            List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
            for (ProducerRecord<String, ? extends SpecificRecord> record : records) {
                sends.add(send(producer, new ProducerRecord<>(record.topic(), record.key(), record.value()), deadline));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
            }
            metrics.published(target, true, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(target, start, "interrupted while waiting for Kafka", e);
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw failed(target, start, "Kafka did not acknowledge within the request's deadline of "
                    + deadline.timeout().toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw failed(target, start, "Kafka refused the write: " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            // send may throw instead of failing the future (serializer, schema registry, closed producer).
            throw failed(target, start, "the write could not be started: " + e, e);
        }
    }

    /**
     * Hands one record to the producer. A send that could not get metadata or buffer space within max.block.ms fails
     * at once (Kafka answers it with an already failed future, or throws); it is tried again while the deadline
     * leaves room for a whole max.block.ms, so the request never outlives its deadline.
     */
    private Future<RecordMetadata> send(Producer<String, SpecificRecord> producer, ProducerRecord<String, SpecificRecord> record,
            Deadline deadline) throws ExecutionException, InterruptedException {
        while (true) {
            if (deadline.remainingNanos() < maxBlockNanos) {
                throw new org.apache.kafka.common.errors.TimeoutException("no time left in the request's deadline to hand records to the producer");
            }
            long tried = System.nanoTime();
            try {
                Future<RecordMetadata> send = producer.send(record);
                if (!send.isDone()) {
                    return send;
                }
                send.get(); // failed at once: a failure other than time ends the request here, not after the other sends
                return send;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
                    throw e;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException blocked) {
                // as a future failed for time: try again below
            }
            if (System.nanoTime() - tried < RETRY_PAUSE_NANOS) {
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    private PublishFailedException failed(String target, long start, String why, Throwable cause) {
        metrics.published(target, false, System.nanoTime() - start);
        return new PublishFailedException("Publishing to " + target + " failed: " + why, cause);
    }
}
