package io.trackstream.processor.redrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.processor.testing.KitSupport;
import io.trackstream.processor.testing.Seeds;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.testkit.broker.BrokerKit;

/** The re-drive of unmapped events, from the rejected topic back to the raw topic, on a real broker. */
class UnmappedRedriveTest {

    private static BrokerKit kit;

    @BeforeAll
    static void start() {
        kit = KitSupport.start(1);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void onlyTheUnmappedEventsOfTheProviderAndCodeAskedForGoBackToTheRawTopicUnchanged() throws Exception {
        SpecificAvroSerializer<RawTrackingEvent> raw = new SpecificAvroSerializer<>();
        raw.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kit.schemaRegistryUrl()), false);
        RawTrackingEvent handedOver = Seeds.shiplemon("ZU1GR", "HANDED_OVER", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΔΟΘΗΚΕ").build();
        RawTrackingEvent otherCode = Seeds.shiplemon("ZU2GR", "SORTED", null, "2024-07-15T10:02:00.000Z", "ΔΙΑΛΟΓΗ").build();
        RawTrackingEvent otherProvider = Seeds.courierSync("ups", "1Z3", "HANDED_OVER", null, Instant.parse("2024-01-18T08:00:00Z")).build();
        try (KafkaProducer<String, SpecificRecord> producer = KitSupport.producer(kit);
             var rawTopic = KitSupport.reader(kit, "tracking.raw.v1", RawTrackingEvent.class, true)) {
            // Given the processor's rejected records: three unmapped events, and an invalid one
            for (RawTrackingEvent event : List.of(handedOver, otherCode, otherProvider)) {
                producer.send(new ProducerRecord<>("tracking.raw.rejected.v1", event.getCarrier() + ":" + event.getTrackingNumber(),
                        rejected(event, RejectionReason.UNMAPPED_STATUS, raw.serialize("tracking.raw.v1", event))));
            }
            producer.send(new ProducerRecord<>("tracking.raw.rejected.v1", "elta:ZU4GR",
                    rejected(handedOver, RejectionReason.INVALID_VALUE, null)));
            producer.flush();

            UnmappedRedrive redrive = new UnmappedRedrive(Map.of("bootstrap.servers", kit.bootstrapServers()), kit.schemaRegistryUrl(),
                    "tracking.raw.rejected.v1", "tracking.raw.v1");
            // When the operator asks for a dry run, then for the re-drive, of Shiplemon's HANDED_OVER
            assertThat(redrive.redrive("shiplemon", "handed_over", true)).isEqualTo(new UnmappedRedrive.Report(1, 0, true));
            assertThat(rawTopic.values()).isEmpty();
            assertThat(redrive.redrive("shiplemon", "HANDED_OVER", false)).isEqualTo(new UnmappedRedrive.Report(1, 1, false));

            // Then that one event is back on the raw topic, keyed by its parcel, as the carrier reported it
            await().atMost(Duration.ofSeconds(30)).until(() -> rawTopic.values().size() == 1);
            RawTrackingEvent back = rawTopic.values().get(0);
            assertThat(back.getCarrierStatusCode()).isEqualTo("HANDED_OVER");
            assertThat(back.getCarrierStatusText()).isEqualTo("ΠΑΡΑΔΟΘΗΚΕ");
            assertThat(back.getEventTime()).isEqualTo(handedOver.getEventTime());
            assertThat(back.getEventId()).isNotEqualTo(handedOver.getEventId());
        }
    }

    private static RejectedEvent rejected(RawTrackingEvent event, RejectionReason reason, byte[] rawEvent) {
        return RejectedEvent.newBuilder().setRejectedAt(Instant.now()).setStage("processor").setReason(reason)
                .setDetail("no mapping").setField("carrierStatusCode").setProvider(event.getProvider()).setCarrier(event.getCarrier())
                .setTrackingNumber(event.getTrackingNumber()).setCarrierStatusCode(event.getCarrierStatusCode())
                .setRawPayload(ByteBuffer.wrap(new byte[] {'{', '}'}))
                .setRawEvent(rawEvent == null ? null : ByteBuffer.wrap(rawEvent)).build();
    }
}
