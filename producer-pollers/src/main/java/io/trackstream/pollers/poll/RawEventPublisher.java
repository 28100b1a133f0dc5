package io.trackstream.pollers.poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaException;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.config.TopicsProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Writes raw events to the raw topic, keyed by parcel key, and waits for the broker's acknowledgement (the template's
 * producer is idempotent with acks=all): a poll counts as published only once its events are durable.
 */
@Component
public class RawEventPublisher {

    private final KafkaTemplate<String, RawTrackingEvent> template;
    private final String topic;

    public RawEventPublisher(KafkaTemplate<String, RawTrackingEvent> rawEventTemplate, TopicsProperties topics) {
        this.template = rawEventTemplate;
        this.topic = topics.raw();
    }

    public void publish(List<RawTrackingEvent> events, Duration timeout) {
        List<CompletableFuture<SendResult<String, RawTrackingEvent>>> sends = new ArrayList<>(events.size());
        try {
            for (RawTrackingEvent event : events) {
                String key = ParcelKey.of(event.getCarrier(), event.getTrackingNumber()).toString();
                sends.add(template.send(topic, key, event));
            }
        } catch (KafkaException | org.springframework.kafka.KafkaException e) {
            // no metadata within max.block.ms (the broker is away), or the producer refused the record
            throw new PublishFailedException("Kafka did not take events for " + topic + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new PublishFailedException("Kafka refused events for " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException("Kafka did not acknowledge events for " + topic + " within " + timeout, e);
        }
    }

    /** The events of a poll are not known to be durable. */
    public static class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
