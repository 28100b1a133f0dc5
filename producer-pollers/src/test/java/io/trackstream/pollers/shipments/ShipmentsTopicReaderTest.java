package io.trackstream.pollers.shipments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.Shipment;
import io.trackstream.pollers.config.KafkaConfig.ShipmentsConsumerSettings;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.serde.SpecificAvroDeserializer;

/** The shipments-view reader under broker trouble, as the sync API and readiness see it. */
class ShipmentsTopicReaderTest {

    @Test
    void a_reader_that_keeps_failing_keeps_trying_with_back_off_and_says_it_is_not_ready() {
        // Given a reader whose consumer cannot even be made (no broker address resolves)
        ShipmentsConsumerSettings broken = new ShipmentsConsumerSettings(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "no-such-host.invalid:9092",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SpecificAvroDeserializer.class,
                "schema.registry.url", "mock://shipments-reader-test"), Shipment.class);
        ShipmentReadModel model = new ShipmentReadModel(new SimpleMeterRegistry());
        ShipmentsTopicReader reader = new ShipmentsTopicReader(broken, model,
                TopicNames.defaults(),
                new PollersProperties(null, null, false, 1, null, null, Map.of()));
        ShipmentsViewHealth health = new ShipmentsViewHealth(model, reader);

        reader.start();
        try {
            // Then it does not end for good: it fails, waits, and tries again
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.failures() >= 2);
            assertThat(reader.isRunning()).isTrue();
            // and readiness says the sync API cannot answer yet
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        } finally {
            reader.stop();
        }
    }
}
