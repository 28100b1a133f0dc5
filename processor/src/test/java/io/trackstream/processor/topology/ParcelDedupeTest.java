package io.trackstream.processor.topology;

import static io.trackstream.processor.testing.Seeds.ELTA_TRACKING;
import static io.trackstream.processor.testing.Seeds.registration;
import static io.trackstream.processor.testing.Seeds.shiplemon;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.processor.mapping.MappedStatus;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.testing.TopologyHarness;

/**
 * Dedupe lives in the parcel's own state (its history's event keys and the keys of the entries trimmed from it):
 * a repeat is dropped and counted, in one driver and across a restart that restores the stores from their
 * changelogs, and there is no separate dedupe store.
 */
class ParcelDedupeTest {

    private static final String ELTA_PARCEL = "elta:" + ELTA_TRACKING;
    private static final Instant POLLED_AT = Instant.parse("2024-07-15T10:05:00Z");

    /** An ELTA parcel's five scans, oldest first. */
    private static List<RawTrackingEvent> fiveScans(Instant receivedTime) {
        return List.of(
                shiplemon(ELTA_TRACKING, "PRE_TRANSIT", null, "2024-07-13T08:00:00.000Z", "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ")
                        .setReceivedTime(receivedTime).build(),
                shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-13T18:00:00.000Z", "ΠΑΡΑΛΑΒΗ ΑΠΟ ΚΑΤΑΣΤΗΜΑ")
                        .setReceivedTime(receivedTime).build(),
                shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-14T06:00:00.000Z", "ΑΦΙΞΗ ΣΤΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ")
                        .setReceivedTime(receivedTime).build(),
                shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-14T12:00:00.000Z", "ΑΝΑΧΩΡΗΣΗ ΑΠΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ")
                        .setReceivedTime(receivedTime).build(),
                shiplemon(ELTA_TRACKING, "TRANSIT", "WITH_COURIER", "2024-07-15T09:45:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ")
                        .setReceivedTime(receivedTime).build());
    }

    /** A re-sent copy: what a poller or a webhook retry publishes again, with a new eventId and receipt time. */
    private static RawTrackingEvent resent(RawTrackingEvent event, Instant receivedTime) {
        return RawTrackingEvent.newBuilder(event).setEventId(UUID.randomUUID().toString()).setReceivedTime(receivedTime).build();
    }

    private static List<RawTrackingEvent> resent(List<RawTrackingEvent> events, Instant receivedTime) {
        return events.stream().map(e -> resent(e, receivedTime)).toList();
    }

    private static void drain(TopologyHarness t) {
        t.shipments.readValuesToList();
        t.statusChanges.readValuesToList();
        t.parcelChanges.readValuesToList();
        t.pollTargets.readValuesToList();
        t.rejected.readValuesToList();
    }

    private static void assertNothingPublished(TopologyHarness t) {
        assertThat(t.shipments.isEmpty()).isTrue();
        assertThat(t.statusChanges.isEmpty()).isTrue();
        assertThat(t.parcelChanges.isEmpty()).isTrue();
        assertThat(t.pollTargets.isEmpty()).isTrue();
    }

    @Test
    void theSameEventTwiceMakesOneHistoryEntryAndOneStatusChange() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            drain(t);

            RawTrackingEvent transit = shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-15T09:45:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build();
            t.send(transit);
            t.send(resent(transit, POLLED_AT.plusSeconds(1800)));

            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).extracting(TrackingEvent::getCarrierStatusText)
                    .containsExactly("ΠΡΟΣ ΠΑΡΑΔΟΣΗ");
            assertThat(t.metrics.count("in")).isEqualTo(2);
            assertThat(t.metrics.count("applied")).isEqualTo(1);
            assertThat(t.metrics.count("duplicates")).isEqualTo(1);
            assertThat(t.metrics.count("parcel:null->IN_TRANSIT")).isEqualTo(1);
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo)
                    .containsExactly(ShipmentStatus.IN_TRANSIT);
            assertThat(t.shipments.readValuesToList()).hasSize(1);
        }
    }

    @Test
    void anEventResentAfterItsEntryWasTrimmedIsStillADuplicate() {
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults().withMaxHistoryEntries(3))) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            List<RawTrackingEvent> scans = fiveScans(POLLED_AT);
            t.sendAll(scans);
            Parcel trimmed = t.parcelsStore().get(ELTA_PARCEL);
            assertThat(trimmed.getHistory()).extracting(TrackingEvent::getCarrierStatusText)
                    .containsExactly("ΑΦΙΞΗ ΣΤΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ", "ΑΝΑΧΩΡΗΣΗ ΑΠΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ");
            // the two trimmed entries' keys stay with the parcel, 8 bytes each
            assertThat(trimmed.getTrimmedEventKeys().remaining()).isEqualTo(16);
            // and stay out of what the shipment side gets
            assertThat(t.shipments.readValuesToList()).allSatisfy(s -> assertThat(s.getParcels())
                    .allSatisfy(p -> assertThat(p.getTrimmedEventKeys().remaining()).isZero()));
            drain(t);
            long applied = t.metrics.count("applied");

            // When the oldest scan is re-sent on its own, then the whole history in one poll
            t.send(resent(scans.get(0), POLLED_AT.plusSeconds(1800)));
            t.sendPoll(resent(scans, POLLED_AT.plusSeconds(3600)));

            assertThat(t.metrics.count("duplicates")).isEqualTo(6);
            assertThat(t.metrics.count("applied")).isEqualTo(applied);
            assertThat(t.parcelsStore().get(ELTA_PARCEL)).isEqualTo(trimmed);
            assertNothingPublished(t);
        }
    }

    /** The shipped tables, with one ELTA code that a redeploy maps; a new digest when it does. */
    private static final class Redeployable extends StatusMappings {
        private volatile MappedStatus extra;

        Redeployable() {
            super(Map.of());
        }

        @Override
        public MappedStatus map(String provider, String carrier, String statusCode, String substatus) {
            return extra != null && "HUB_DELAY".equalsIgnoreCase(statusCode) ? extra
                    : TopologyHarness.MAPPINGS.map(provider, carrier, statusCode, substatus);
        }

        @Override
        public String digest() {
            return TopologyHarness.MAPPINGS.digest() + (extra == null ? "" : "+HUB_DELAY=" + extra.status());
        }
    }

    @Test
    void aTrimmedEventThatNowSortsInsideTheHistoryIsStillADuplicate() {
        Redeployable tables = new Redeployable();
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults().withMaxHistoryEntries(2), tables,
                new RecordFailures(3))) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            // two scans at the same minute: the unknown code sorts first (UNKNOWN), and is trimmed by the third scan
            RawTrackingEvent delay = shiplemon(ELTA_TRACKING, "HUB_DELAY", null, "2024-07-14T06:00:00.000Z",
                    "ΚΑΘΥΣΤΕΡΗΣΗ ΣΤΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ").build();
            t.send(delay);
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-14T06:00:00.000Z", "ΑΦΙΞΗ ΣΤΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ").build());
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", "WITH_COURIER", "2024-07-15T09:45:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build());
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).extracting(TrackingEvent::getCarrierStatusText)
                    .containsExactly("ΑΦΙΞΗ ΣΤΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ");

            // When the tables now map the code to DELAYED, which sorts after IN_TRANSIT at the same time, and the
            // trimmed event is re-sent: the full history's oldest entry no longer tells it is old
            tables.extra = MappedStatus.of(CanonicalStatus.DELAYED, ReasonCode.NONE);
            for (int tick = 0; tick < 5; tick++) {
                t.tick();
            }
            Parcel before = t.parcelsStore().get(ELTA_PARCEL);
            drain(t);
            t.send(resent(delay, POLLED_AT.plusSeconds(1800)));

            // Then its kept key still makes it a repeat
            assertThat(t.metrics.count("duplicates")).isEqualTo(1);
            assertThat(t.parcelsStore().get(ELTA_PARCEL)).isEqualTo(before);
            assertNothingPublished(t);
        }
    }

    @Test
    void duplicatesAcrossARestartAreStillDropped() {
        Map<String, Map<String, Object>> restored;
        Parcel stored;
        List<RawTrackingEvent> scans = fiveScans(POLLED_AT);
        try (TopologyHarness before = new TopologyHarness(ProcessorTopologyConfig.defaults().withMaxHistoryEntries(3))) {
            before.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            before.sendAll(scans);
            stored = before.parcelsStore().get(ELTA_PARCEL);
            restored = changelogs(before);
        }
        assertThat(restored.get(TopologyNames.PARCELS_STORE)).containsEntry(ELTA_PARCEL, stored);

        // restarted with the stores restored from their changelogs, and a larger history bound: the parcel's history
        // is no longer full, so only the kept keys of its trimmed entries tell the two oldest scans are repeats
        try (TopologyHarness after = new TopologyHarness(ProcessorTopologyConfig.defaults().withMaxHistoryEntries(5))) {
            restore(after, restored);
            after.sendPoll(resent(scans, POLLED_AT.plusSeconds(1800)));
            after.send(resent(scans.get(4), POLLED_AT.plusSeconds(3600)));

            assertThat(after.metrics.count("in")).isEqualTo(6);
            assertThat(after.metrics.count("duplicates")).isEqualTo(6);
            assertThat(after.metrics.count("applied")).isZero();
            assertThat(after.parcelsStore().get(ELTA_PARCEL)).isEqualTo(stored);
            assertThat(after.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.OUT_FOR_DELIVERY);
            assertNothingPublished(after);

            // and a new scan is still news
            after.send(shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T12:30:00.000Z", "ΠΑΡΑΔΟΘΗΚΕ").build());
            assertThat(after.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo)
                    .containsExactly(ShipmentStatus.DELIVERED);
        }
    }

    @Test
    void theTopologyHasNoDedupeWindowStore() {
        try (TopologyHarness t = new TopologyHarness()) {
            assertThat(t.driver.getAllStateStores()).doesNotContainKey("dedupe-store");
            assertThat(t.driver.getAllStateStores().values()).noneMatch(store -> store instanceof WindowStore);
            assertThat(t.driver.getAllStateStores().keySet()).containsExactlyInAnyOrderElementsOf(storeSerdes(t.serdes).keySet());
        }
    }

    /** Every store's value serde, as {@link TrackingTopology} declares them. */
    private static Map<String, Serde<?>> storeSerdes(ProcessorSerdes serdes) {
        Map<String, Serde<?>> stores = new LinkedHashMap<>();
        stores.put(TopologyNames.PARCELS_STORE, serdes.parcels());
        stores.put(TopologyNames.PARCEL_ASSIGNMENTS_STORE, serdes.parcelClaims());
        stores.put(TopologyNames.PARCEL_CHANGES_PENDING_STORE, serdes.keys());
        stores.put(TopologyNames.SHIPMENTS_STORE, serdes.shipments());
        stores.put(TopologyNames.SHIPMENT_REGISTRATIONS_STORE, serdes.registrations());
        stores.put(TopologyNames.SHIPMENTS_BY_ORDER_STORE, serdes.keys());
        stores.put(TopologyNames.AUTO_CLOSE_STORE, serdes.longs());
        stores.put(TopologyNames.SHIPMENT_TENANTS_STORE, serdes.keys());
        stores.put(TopologyNames.SHIPMENT_STATUS_COUNTS_STORE, serdes.longs());
        stores.put(TopologyNames.REGISTRATION_FAN_OUT_STORE, serdes.registrations());
        stores.put(TopologyNames.SHIPMENT_ASSEMBLY_STORE, serdes.assemblies());
        return stores;
    }

    /** What a restart restores: each store's changelog as the driver wrote it, the latest value per key. */
    private static Map<String, Map<String, Object>> changelogs(TopologyHarness t) {
        Map<String, Map<String, Object>> state = new LinkedHashMap<>();
        storeSerdes(t.serdes).forEach((store, serde) -> {
            String topic = "trackstream-processor-test-" + store + "-changelog";
            Map<String, Object> values = new LinkedHashMap<>();
            if (t.driver.producedTopicNames().contains(topic)) {
                t.driver.createOutputTopic(topic, t.serdes.keys().deserializer(), serde.deserializer()).readKeyValuesToMap()
                        .forEach((key, value) -> {
                            if (value != null) {
                                values.put(key, value);
                            }
                        });
            }
            state.put(store, values);
        });
        return state;
    }

    private static void restore(TopologyHarness t, Map<String, Map<String, Object>> state) {
        state.forEach((store, values) -> values.forEach((key, value) -> t.driver.<String, Object>getKeyValueStore(store).put(key, value)));
    }
}
