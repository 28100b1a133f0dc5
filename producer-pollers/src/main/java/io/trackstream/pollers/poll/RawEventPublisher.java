package io.trackstream.pollers.poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.trackstream.topics.TopicNames;
import org.apache.kafka.common.KafkaException;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.contract.ParcelKey;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes raw events to the raw topic, keyed by parcel key, and the entries refused of the same answer to the rejected
 * topic, and waits for the broker's acknowledgement of all of them (the producers are idempotent with acks=all): a
 * poll counts as published only once its events are durable.
 */
@Component
public class RawEventPublisher {

    private final KafkaTemplate<String, RawTrackingEvent> template;
    private final KafkaTemplate<String, RejectedEvent> rejectedTemplate;
    private final String topic;
    private final String rejectedTopic;

    public RawEventPublisher(KafkaTemplate<String, RawTrackingEvent> rawEventTemplate,
            KafkaTemplate<String, RejectedEvent> rejectedEventTemplate, TopicNames topics) {
        this.template = rawEventTemplate;
        this.rejectedTemplate = rejectedEventTemplate;
        this.topic = topics.raw();
        this.rejectedTopic = topics.rejected();
    }

    public void publish(List<RawTrackingEvent> events, Duration timeout) {
        publish(events, List.of(), timeout);
    }

    /** The raw events, and what was refused of the same answer, under one deadline. */
    public void publish(List<RawTrackingEvent> events, List<RejectedEvent> rejected, Duration timeout) {
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size() + rejected.size());
        try {
            for (RawTrackingEvent event : events) {
                String key = ParcelKey.of(event.getCarrier(), event.getTrackingNumber()).toString();
                sends.add(template.send(topic, key, event));
            }
            for (RejectedEvent event : rejected) {
                String key = event.getCarrier() != null && event.getTrackingNumber() != null
                        ? ParcelKey.of(event.getCarrier(), event.getTrackingNumber()).toString() : null;
                sends.add(rejectedTemplate.send(rejectedTopic, key, event));
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
