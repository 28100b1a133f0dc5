package io.trackstream.processor.topology;

import static io.trackstream.processor.testing.Seeds.ELTA_TRACKING;
import static io.trackstream.processor.testing.Seeds.courierSync;
import static io.trackstream.processor.testing.Seeds.registration;
import static io.trackstream.processor.testing.Seeds.shiplemon;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Location;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.contract.ParcelKey;
import io.trackstream.contract.TrackingLimits;
import io.trackstream.processor.mapping.MappedStatus;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.state.ParcelAggregator;
import io.trackstream.processor.state.TrackingEvents;
import io.trackstream.processor.testing.TopologyHarness;

/**
 * Inputs no demo sends: oversized fields, huge shipments, impossible dates, records whose processing throws. None
 * may stop the stream, reach a store past a bound, make a record over Kafka's limit, or leave half of its effects.
 */
class HostileInputTest {

    /** Kafka's default max.message.bytes (and the producer's max.request.size). */
    private static final int KAFKA_RECORD_LIMIT = 1_048_576;
    private static final String ELTA_PARCEL = "elta:" + ELTA_TRACKING;
    private static final Instant POLLED_AT = Instant.parse("2024-07-15T10:05:00Z");

    @Test
    void aWebhookWithAMegabyteTextIsRejectedWithItsFieldAndTheNextEventIsApplied() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            String huge = "Ω".repeat(512 * 1024); // 1 MiB of UTF-8
            byte[] body = ("{\"status_details\":\"" + huge + "\"}").getBytes(StandardCharsets.UTF_8);

            // When a signed webhook's entry carries a 1 MiB text (and the whole body as its payload)
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-15T09:45:00.000Z", huge)
                    .setRawPayload(ByteBuffer.wrap(body)).build());

            // Then it is rejected, naming the field; nothing of it reaches a store; the rejection fits in a record
            List<TestRecord<String, byte[]>> rejectedBytes = bytesOf(t, t.config.topics().rejected());
            assertThat(rejectedBytes).hasSize(1);
            assertThat(rejectedBytes.get(0).value().length).isLessThan(KAFKA_RECORD_LIMIT);
            RejectedEvent rejected = t.serdes.rejected().deserializer().deserialize(t.config.topics().rejected(),
                    rejectedBytes.get(0).value());
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.TOO_LARGE);
            assertThat(rejected.getField()).isEqualTo("carrierStatusText");
            assertThat(rejected.getRawPayloadSize()).isEqualTo((long) body.length);
            assertThat(rejected.getRawPayload().remaining()).isEqualTo(TrackingLimits.MAX_REJECTED_PAYLOAD_BYTES);
            assertThat(t.parcelsStore().get(ELTA_PARCEL)).isNull();

            // and the next event of the parcel is applied as usual
            t.send(shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ").build());
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);
        }
    }

    @Test
    void aShipmentOfFiftyParcelsOfTwoHundredEventsEachKeepsEveryRecordUnderKafkasLimit() {
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults()
                .withMaxHistoryEntries(TrackingLimits.MAX_HISTORY_ENTRIES))) {
            int parcels = TrackingLimits.MAX_PARCELS_PER_SHIPMENT;
            String[] trackingNumbers = new String[parcels];
            for (int i = 0; i < parcels; i++) {
                trackingNumbers[i] = String.format("ZU5%08dGR", i);
            }
            Instant start = Instant.parse("2024-06-01T06:00:00Z");
            // Given 50 parcels that each already hold a full history of long Greek texts (built by the real aggregator
            // and stored as the parcel side would; piping 10,000 events through the test driver takes minutes)
            ParcelAggregator aggregator = new ParcelAggregator(TrackingLimits.MAX_HISTORY_ENTRIES);
            for (String trackingNumber : trackingNumbers) {
                Parcel parcel = null;
                for (int e = 0; e < TrackingLimits.MAX_HISTORY_ENTRIES; e++) {
                    RawTrackingEvent raw = shiplemon(trackingNumber, "TRANSIT", null, start.plusSeconds(600L * e).toString(),
                            "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ ΣΤΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ ΑΘΗΝΩΝ " + e)
                            .setLocation(new Location("Κέντρο διαλογής Αθηνών, Λεωφόρος Κηφισού " + e, "Αθήνα", "10442", "GR"))
                            .build();
                    parcel = aggregator.apply(parcel, ParcelKey.of("elta", trackingNumber), raw, TrackingEvents.from(raw,
                            TrackingEvents.keyOf(raw), TopologyHarness.MAPPINGS.map("shiplemon", "elta", "TRANSIT", null))).orElseThrow();
                }
                t.parcelsStore().put("elta:" + trackingNumber, parcel);
            }

            // When one shipment lists all of them, and one more poll comes for one parcel
            t.register(registration("shp-big", "elta", "shiplemon", trackingNumbers).build());
            t.flush();
            t.sendPoll(List.of(shiplemon(trackingNumbers[1], "TRANSIT", null, start.plusSeconds(600L * 250).toString(),
                    "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ " + "Ω".repeat(400)).build()));

            // Then every record written stays under the limit, and the shipment keeps the newest entries it can
            for (String topic : List.of(t.config.topics().shipments(), t.config.topics().statusChanges())) {
                List<TestRecord<String, byte[]>> records = bytesOf(t, topic);
                assertThat(records).as(topic).isNotEmpty();
                assertThat(records).as(topic).allSatisfy(r -> assertThat(r.value().length).isLessThan(KAFKA_RECORD_LIMIT));
            }
            var shipment = t.shipmentsStore().get("shp-big");
            assertThat(shipment.getParcels()).hasSize(parcels);
            assertThat(shipment.getParcels()).allSatisfy(p -> {
                assertThat(p.getHistory()).isNotEmpty();
                assertThat(p.getHistory().size() + p.getHistoryOmitted()).isGreaterThanOrEqualTo(TrackingLimits.MAX_HISTORY_ENTRIES);
                assertThat(p.getHistoryOmitted()).isPositive();
                assertThat(p.getStatus()).isEqualTo(CanonicalStatus.IN_TRANSIT);
            });
            // while each parcel keeps its whole (bounded) history in the parcel table
            Parcel first = t.parcelsStore().get("elta:" + trackingNumbers[0]);
            assertThat(first.getHistory()).hasSize(TrackingLimits.MAX_HISTORY_ENTRIES);
            assertThat(t.serdes.parcels().serializer().serialize("x", first).length).isLessThan(KAFKA_RECORD_LIMIT);

            // and the stream goes on
            t.send(shiplemon(trackingNumbers[0], "DELIVERED", null, start.plusSeconds(600L * 300).toString(), "ΠΑΡΑΔΟΣΗ").build());
            assertThat(t.shipmentsStore().get("shp-big").getStatus()).isEqualTo(ShipmentStatus.PARTIALLY_DELIVERED);
        }
    }

    @Test
    void eventTimesBefore2000OrMoreThanADayAheadAreRejectedNamingTheField() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            t.statusChanges.readValuesToList();

            for (String at : List.of("0000-01-01T00:00:00Z", "1700-03-01T12:00:00Z", "1999-12-31T23:59:59Z",
                    "2024-07-16T10:05:01Z", "+99999-01-01T00:00:00Z")) {
                t.send(shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΔΟΣΗ")
                        .setEventTime(Instant.parse(at)).build());
            }

            List<RejectedEvent> rejected = t.rejected.readValuesToList();
            assertThat(rejected).hasSize(5).allSatisfy(r -> {
                assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID_VALUE);
                assertThat(r.getField()).isEqualTo("eventTime");
            });
            assertThat(t.parcelsStore().get(ELTA_PARCEL)).isNull();
            assertThat(t.statusChanges.isEmpty()).isTrue();
            assertThat(t.autoClose.isEmpty()).isTrue();

            // a day ahead exactly is still a carrier's clock, and is applied
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-16T10:05:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build());
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.IN_TRANSIT);
        }
    }

    @Test
    void aRecordWhoseProcessingThrowsIsDeadLetteredAndALaterCopyIsStillApplied() {
        AtomicBoolean broken = new AtomicBoolean(true);
        StatusMappings failingOnce = new StatusMappings(java.util.Map.of()) {
            @Override
            public MappedStatus map(String provider, String carrier, String code, String substatus) {
                if (broken.getAndSet(false)) {
                    throw new IllegalStateException("mapping table unreadable");
                }
                return TopologyHarness.MAPPINGS.map(provider, carrier, code, substatus);
            }
        };
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults(), failingOnce, new RecordFailures(3))) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            RawTrackingEvent delivered = shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΔΟΣΗ").build();

            // When processing the event throws
            t.send(delivered);

            // Then it is dead-lettered with the exception and its payload, and nothing of it is kept
            RejectedEvent rejected = t.rejected.readValue();
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.PROCESSING_FAILED);
            assertThat(rejected.getDetail()).contains("java.lang.IllegalStateException: mapping table unreadable");
            assertThat(rejected.getRawPayload()).isEqualTo(delivered.getRawPayload());
            assertThat(t.parcelsStore().get(ELTA_PARCEL)).isNull();
            assertThat(t.metrics.count("rejected:PROCESSING_FAILED")).isEqualTo(1);

            // and a later copy of the same carrier event is not taken for a duplicate
            t.send(RawTrackingEvent.newBuilder(delivered).setReceivedTime(POLLED_AT.plusSeconds(1800)).build());
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);
        }
    }

    @Test
    void aRecordThatFailedItsTaskTooOftenIsDeadLetteredInsteadOfTriedAgain() {
        RecordFailures failures = new RecordFailures(3);
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults(), TopologyHarness.MAPPINGS, failures)) {
            // Given the raw topic's first record failed its task three times (each time rolled back)
            IllegalStateException cause = new IllegalStateException("disk full");
            for (int attempt = 0; attempt < 3; attempt++) {
                failures.failed(t.config.topics().raw(), 0, 0, cause);
            }
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            RawTrackingEvent delivered = shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΔΟΣΗ").build();

            // When it comes again
            t.send(delivered);

            // Then it is dead-lettered with the failure, not applied
            RejectedEvent rejected = t.rejected.readValue();
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.PROCESSING_FAILED);
            assertThat(rejected.getDetail()).contains("3 attempts failed", "java.lang.IllegalStateException: disk full");
            assertThat(rejected.getSourceOffset()).isEqualTo(0L);
            assertThat(t.parcelsStore().get(ELTA_PARCEL)).isNull();

            // and the next record, a copy of the same event, is applied
            t.send(RawTrackingEvent.newBuilder(delivered).setReceivedTime(POLLED_AT.plusSeconds(60)).build());
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
        }
    }

    @Test
    void aRegistrationOverTheParcelLimitOrWithOversizedIdsIsRejected() {
        try (TopologyHarness t = new TopologyHarness()) {
            String[] many = new String[TrackingLimits.MAX_PARCELS_PER_SHIPMENT + 1];
            for (int i = 0; i < many.length; i++) {
                many[i] = "ZU9" + i + "GR";
            }
            t.register(registration("shp-many", "elta", "shiplemon", many).build());
            t.register(registration("shp-long", "elta", "shiplemon", ELTA_TRACKING).setOrderId("o".repeat(10_000)).build());

            assertThat(t.rejected.readValuesToList()).extracting(RejectedEvent::getField).containsExactly("parcels", "orderId");
            assertThat(t.shipmentsStore().get("shp-many")).isNull();
            assertThat(t.shipmentsStore().get("shp-long")).isNull();
        }
    }

    private static List<TestRecord<String, byte[]>> bytesOf(TopologyHarness t, String topic) {
        TestOutputTopic<String, byte[]> out = t.driver.createOutputTopic(topic, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        return out.readRecordsToList();
    }
}
