package io.trackstream.ingest.api;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.serde.MockSchemaRegistry;
import io.trackstream.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole app over MockMvc, with Kafka replaced by a {@link MockProducer} that runs the real Avro serializer. Tests
 * swap in a producer that fails or never answers to see what callers get when Kafka does not acknowledge.
 */
@SpringBootTest(properties = {
        "trackstream.schema-registry-url=mock://" + MockKafkaWebTest.REGISTRY_SCOPE,
        "trackstream.ingest.webhooks.shiplemon.secret=" + MockKafkaWebTest.SHIPLEMON_SECRET,
        "trackstream.ingest.webhooks.courier-sync.secret=" + MockKafkaWebTest.COURIER_SYNC_SECRET,
        "trackstream.ingest.webhooks.carriyo.secret=" + MockKafkaWebTest.CARRIYO_SECRET,
        "trackstream.ingest.webhooks.generic.secret=" + MockKafkaWebTest.GENERIC_SECRET,
        "trackstream.ingest.max-body-size=16KB",
        "trackstream.ingest.max-events-per-webhook=10",
        // generous, so an acknowledgement delayed by a busy machine is not a 503 the test did not ask for
        "trackstream.ingest.request-timeout=5s",
        "trackstream.ingest.publish.retry-after=7s",
        "trackstream.security.app-tokens[0].token=" + MockKafkaWebTest.STORE1_WRITER,
        "trackstream.security.app-tokens[0].tenant=store-1",
        "trackstream.security.app-tokens[0].scopes=WRITE_SHIPPING,READ_SHIPPING",
        "trackstream.security.app-tokens[1].token=" + MockKafkaWebTest.STORE1_READER,
        "trackstream.security.app-tokens[1].tenant=store-1",
        "trackstream.security.app-tokens[1].scopes=READ_SHIPPING",
        "trackstream.security.app-tokens[2].token=" + MockKafkaWebTest.STORE2_WRITER,
        "trackstream.security.app-tokens[2].tenant=store-2",
        "trackstream.security.app-tokens[2].scopes=WRITE_SHIPPING",
})
@AutoConfigureMockMvc
@Import(MockKafkaWebTest.MockKafka.class)
abstract class MockKafkaWebTest {

    static final String REGISTRY_SCOPE = "webhook-ingest-mockmvc";
    static final String SHIPLEMON_SECRET = "shiplemon-test-secret";
    static final String COURIER_SYNC_SECRET = "courier-sync-test-secret";
    static final String CARRIYO_SECRET = "carriyo-test-secret";
    static final String GENERIC_SECRET = "generic-test-secret";
    static final String STORE1_WRITER = "app_store1_writer_token";
    static final String STORE1_READER = "app_store1_reader_token";
    static final String STORE2_WRITER = "app_store2_writer_token";

    static final String RAW = "tracking.raw.v1";
    static final String REJECTED = "tracking.raw.rejected.v1";
    static final String REGISTRATIONS = "shipments.registrations.v1";

    @Autowired
    MockMvc mvc;

    @Autowired
    AtomicReference<MockProducer<String, SpecificRecord>> kafka;

    @BeforeEach
    void kafkaAcknowledgesEverything() {
        kafka.set(MockKafka.producer(true));
    }

    List<ProducerRecord<String, SpecificRecord>> sent(String topic) {
        return kafka.get().history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    List<RawTrackingEvent> rawEvents() {
        return sent(RAW).stream().map(r -> (RawTrackingEvent) r.value()).toList();
    }

    List<RejectedEvent> rejectedEvents() {
        return sent(REJECTED).stream().map(r -> (RejectedEvent) r.value()).toList();
    }

    List<ShipmentRegistration> registrations() {
        return sent(REGISTRATIONS).stream().map(r -> (ShipmentRegistration) r.value()).toList();
    }

    @TestConfiguration
    static class MockKafka {

        static MockProducer<String, SpecificRecord> producer(boolean autoComplete) {
            return new MockProducer<>(autoComplete, null, new StringSerializer(),
                    new SpecificAvroSerializer<>(MockSchemaRegistry.forScope(REGISTRY_SCOPE), false));
        }

        @Bean
        AtomicReference<MockProducer<String, SpecificRecord>> currentMockProducer() {
            return new AtomicReference<>(producer(true));
        }

        @Bean
        @Primary
        ProducerFactory<String, SpecificRecord> mockProducerFactory(AtomicReference<MockProducer<String, SpecificRecord>> current) {
            return current::get;
        }
    }
}
