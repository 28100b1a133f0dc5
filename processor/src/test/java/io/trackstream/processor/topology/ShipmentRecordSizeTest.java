package io.trackstream.processor.topology;

import static io.trackstream.processor.testing.Seeds.registration;
import static io.trackstream.processor.testing.Seeds.shiplemon;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.TrackingLimits;
import io.trackstream.processor.testing.TopologyHarness;

/**
 * Records that embed a shipment (shipments.v1, the shipments-store changelog, status changes, parcel changes) carry
 * each parcel's state and latest event, so their size is bounded by the parcel count, not by the history: the
 * history stays in the parcel table, whole.
 */
class ShipmentRecordSizeTest {

    private static final String PARCEL = "ZU500011420GR";
    private static final String OTHER_PARCEL = "ZU500011421GR";
    private static final int EVENTS = TrackingLimits.MAX_HISTORY_ENTRIES;

    @Test
    void aShipmentRecordStaysTheSameSizeWhileItsParcelsHistoryGrowsTo200Events() {
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults().withMaxHistoryEntries(EVENTS))) {
            // Given a two-parcel shipment, its records read as the broker holds them
            TestOutputTopic<String, byte[]> shipments = t.driver.createOutputTopic(t.config.topics().shipments(),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            TestOutputTopic<String, byte[]> statusChanges = t.driver.createOutputTopic(t.config.topics().statusChanges(),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            t.register(registration("shp-long", "elta", "shiplemon", PARCEL, OTHER_PARCEL).build());
            t.send(shiplemon(OTHER_PARCEL, "TRANSIT", null, "2024-07-01T08:00:00.000Z", "ΑΠΟΣΤΟΛΗ ΣΕ ΚΑΤΑΣΤΗΜΑ").build());

            // When one parcel's carrier reports 200 scans, one poll each, the last one its delivery
            Instant first = Instant.parse("2024-07-01T09:00:00Z");
            for (int i = 0; i < EVENTS; i++) {
                boolean last = i == EVENTS - 1;
                t.send(shiplemon(PARCEL, last ? "DELIVERED" : "TRANSIT", null, first.plusSeconds(600L * i).toString(),
                        "ΔΙΕΛΕΥΣΗ ΑΠΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ %03d".formatted(i)).build());
            }

            // Then every shipment version is about the same size, the 200th as the 10th: a few bytes of varints apart
            List<Integer> sizes = new ArrayList<>();
            shipments.readValuesToList().forEach(bytes -> sizes.add(bytes.length));
            assertThat(sizes).hasSizeGreaterThanOrEqualTo(EVENTS);
            List<Integer> afterTenEvents = sizes.subList(sizes.size() - EVENTS + 10, sizes.size() - 1);
            int smallest = afterTenEvents.stream().min(Integer::compare).orElseThrow();
            int largest = afterTenEvents.stream().max(Integer::compare).orElseThrow();
            assertThat(largest - smallest).as("shipment record sizes %s", sizes).isLessThanOrEqualTo(8);

            // while the parcel table holds the whole history, over 20 times the shipment record's size
            Parcel stored = t.parcelsStore().get("elta:" + PARCEL);
            assertThat(stored.getHistory()).hasSize(EVENTS);
            int parcelBytes = t.serdes.parcels().serializer().serialize("parcels", stored).length;
            assertThat(parcelBytes).isGreaterThan(20 * largest);

            // And the stored shipment and its status change to DELIVERED carry the latest event, counting the rest
            Shipment shipment = t.shipmentsStore().get("shp-long");
            assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PARTIALLY_DELIVERED);
            Parcel shown = shipment.getParcels().get(0);
            assertThat(shown.getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(shown.getHistory()).extracting(TrackingEvent::getCarrierStatusText).containsExactly("ΔΙΕΛΕΥΣΗ ΑΠΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ 199");
            assertThat(shown.getHistoryOmitted()).isEqualTo(EVENTS - 1);
            assertThat(shown.getMappingDigest()).isNull();
            List<byte[]> changes = statusChanges.readValuesToList();
            assertThat(changes).isNotEmpty();
            assertThat(changes.get(changes.size() - 1).length).isLessThan(largest + 512);
        }
    }

    @Test
    void aStatusChangeNamesTheEventThatSetTheStatusWhenALaterOneIsAllTheShipmentCarries() {
        try (TopologyHarness t = new TopologyHarness()) {
            // Given a delivered parcel
            t.register(registration("shp-late", "elta", "shiplemon", PARCEL).build());
            t.send(shiplemon(PARCEL, "TRANSIT", null, "2024-07-15T08:00:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build());
            t.send(shiplemon(PARCEL, "DELIVERED", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ").build());
            t.statusChanges.readValuesToList();

            // When a later-dated scan that does not move a delivered parcel back arrives
            t.send(shiplemon(PARCEL, "TRANSIT", null, "2024-07-15T11:00:00.000Z", "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ").build());

            // Then the shipment carries that latest scan, and the delivery as the event that set the status
            Parcel shown = t.shipmentsStore().get("shp-late").getParcels().get(0);
            assertThat(shown.getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(shown.getHistory()).extracting(TrackingEvent::getCarrierStatusText).containsExactly("ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ");
            assertThat(shown.getTrimmedStatusEvent().getCarrierStatusText()).isEqualTo("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ");
            assertThat(shown.getHistoryOmitted()).isEqualTo(2);
            assertThat(t.parcelsStore().get("elta:" + PARCEL).getHistory()).hasSize(3);
        }
    }
}
