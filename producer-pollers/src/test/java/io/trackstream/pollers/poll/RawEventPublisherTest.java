package io.trackstream.pollers.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.trackstream.topics.TopicNames;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.pollers.config.KafkaConfig;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.config.TrackstreamProperties;

/** What a poll or a sync gets from the raw-event publisher while the broker is away. */
class RawEventPublisherTest {

    @Test
    void with_no_broker_to_be_reached_publishing_fails_within_the_publish_timeout_instead_of_blocking_for_a_minute() throws IOException {
        // Given a producer configured as the app's, pointed at a port where no broker listens
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("127.0.0.1:" + deadPort));
        PollersProperties pollers = new PollersProperties(null, null, false, 1,
                new PollersProperties.Sync(Duration.ofSeconds(5), Duration.ofSeconds(3)), null, Map.of());
        TrackstreamProperties trackstream = new TrackstreamProperties("mock://raw-event-publisher-test", Map.of());
        var factory = (DefaultKafkaProducerFactory<String, RawTrackingEvent>) new KafkaConfig()
                .rawEventProducerFactory(kafka, trackstream, pollers);
        var rejectedFactory = (DefaultKafkaProducerFactory<String, io.trackstream.avro.RejectedEvent>) new KafkaConfig()
                .rejectedEventProducerFactory(kafka, trackstream, pollers);
        RawEventPublisher publisher = new RawEventPublisher(new KafkaTemplate<>(factory), new KafkaTemplate<>(rejectedFactory),
                TopicNames.defaults());
        RawTrackingEvent event = RawTrackingEvent.newBuilder().setEventId("e-1").setSource(EventSource.SYNC).setProvider("courier-sync")
                .setCarrier("ups").setTrackingNumber("1Z0000000000000001").setCarrierStatusCode("in_transit")
                .setEventTime(Instant.parse("2024-01-18T08:00:00Z")).setReceivedTime(Instant.parse("2024-01-18T08:00:30Z"))
                .setRawPayload(ByteBuffer.wrap(new byte[] {'{', '}'})).build();

        // When a sync's events are published, Then it fails as "not durable" well before Kafka's default 60 s block
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> publisher.publish(List.of(event), pollers.sync().publishTimeout()))
                    .isInstanceOf(RawEventPublisher.PublishFailedException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        } finally {
            factory.destroy();
            rejectedFactory.destroy();
        }
    }
}
