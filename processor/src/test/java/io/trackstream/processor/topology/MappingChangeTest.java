package io.trackstream.processor.topology;

import static io.trackstream.processor.testing.Seeds.ELTA_TRACKING;
import static io.trackstream.processor.testing.Seeds.registration;
import static io.trackstream.processor.testing.Seeds.shiplemon;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.processor.mapping.MappedStatus;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.testing.TopologyHarness;

/**
 * A mapping table changed under stored parcels (a code added, a row corrected): the processor maps their histories
 * again in the background and the usual rules decide from there, with status changes and auto-closes as for a new
 * event, once.
 */
class MappingChangeTest {

    private static final String ELTA_PARCEL = "elta:" + ELTA_TRACKING;

    /** The shipped tables, with one Shiplemon code that a redeploy maps (or maps differently); a new digest when it does. */
    private static final class Redeployable extends StatusMappings {
        private volatile MappedStatus extra;
        private final String code;

        Redeployable(String code, MappedStatus initially) {
            super(Map.of());
            this.code = code;
            this.extra = initially;
        }

        void redeploy(MappedStatus mapped) {
            extra = mapped;
        }

        @Override
        public MappedStatus map(String provider, String carrier, String statusCode, String substatus) {
            if (extra != null && code.equalsIgnoreCase(statusCode)) {
                return extra;
            }
            return TopologyHarness.MAPPINGS.map(provider, carrier, statusCode, substatus);
        }

        @Override
        public String digest() {
            return TopologyHarness.MAPPINGS.digest() + "+" + code + "=" + (extra == null ? "none" : extra.status() + "/" + extra.reason());
        }
    }

    private static void tickFor(TopologyHarness t, Duration time) {
        for (long ms = 0; ms < time.toMillis(); ms += t.config.flushInterval().toMillis()) {
            t.tick();
        }
    }

    @Test
    void aCodeMappedAfterItsEventsArrivedDeliversTheParcelAndClosesTheOrderOnce() {
        Redeployable tables = new Redeployable("PARCEL_HANDED_OVER", null);
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults(), tables, new RecordFailures(3))) {
            // Given a parcel whose carrier reports delivery with a code no table knows yet
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-15T09:45:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build());
            t.send(shiplemon(ELTA_TRACKING, "PARCEL_HANDED_OVER", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΔΟΘΗΚΕ").build());
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).extracting(e -> e.getStatus())
                    .containsExactly(CanonicalStatus.IN_TRANSIT, CanonicalStatus.UNKNOWN);
            assertThat(t.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.IN_TRANSIT);
            t.statusChanges.readValuesToList();
            // the rejected record keeps the raw event itself, for a re-drive once the code is mapped
            var rejected = t.rejected.readValuesToList();
            assertThat(rejected).singleElement().satisfies(r -> {
                byte[] bytes = new byte[r.getRawEvent().remaining()];
                r.getRawEvent().duplicate().get(bytes);
                var raw = t.serdes.rawEvents().deserializer().deserialize(t.config.topics().raw(), bytes);
                assertThat(raw.getCarrierStatusCode()).isEqualTo("PARCEL_HANDED_OVER");
                assertThat(raw.getCarrierStatusText()).isEqualTo("ΠΑΡΑΔΟΘΗΚΕ");
            });
            tickFor(t, Duration.ofMillis(200));

            // When the operator maps the code to DELIVERED and the processor runs the new tables
            tables.redeploy(MappedStatus.of(CanonicalStatus.DELIVERED, ReasonCode.NONE));
            tickFor(t, Duration.ofMillis(200));

            // Then the stored parcel and its shipment are DELIVERED, with one status change and one auto-close
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getMappingDigest()).isEqualTo(tables.digest());
            assertThat(t.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo).containsExactly(ShipmentStatus.DELIVERED);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);
            assertThat(t.metrics.count("parcel:IN_TRANSIT->DELIVERED")).isEqualTo(1);

            // and running on emits nothing more
            tickFor(t, Duration.ofSeconds(1));
            assertThat(t.statusChanges.isEmpty()).isTrue();
            assertThat(t.autoClose.isEmpty()).isTrue();
        }
    }

    @Test
    void aRowCorrectedAwayFromDeliveredChangesTheStatusButNeverReopensTheClosedOrder() {
        Redeployable tables = new Redeployable("COLLECTED_AT_COUNTER", MappedStatus.of(CanonicalStatus.DELIVERED, ReasonCode.NONE));
        try (TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults(), tables, new RecordFailures(3))) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            t.send(shiplemon(ELTA_TRACKING, "COLLECTED_AT_COUNTER", null, "2024-07-15T10:02:00.000Z", "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ").build());
            assertThat(t.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);
            t.statusChanges.readValuesToList();

            // When the row turns out wrong and is corrected to EXCEPTION
            tables.redeploy(MappedStatus.of(CanonicalStatus.EXCEPTION, ReasonCode.NONE));
            tickFor(t, Duration.ofMillis(300));

            // Then the shipment changes to EXCEPTION, and no second auto-close (nor anything that reopens the order) goes out
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getFrom, ShipmentStatusChanged::getTo)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ShipmentStatus.DELIVERED, ShipmentStatus.EXCEPTION));
            assertThat(t.autoClose.isEmpty()).isTrue();
            assertThat(t.shipmentsStore().get("shp-1").getDeliveredAt()).isNull();
        }
    }

    @Test
    void aThousandStoredParcelsAreCheckedInChunksAndOnlyThoseTheChangeConcernsAreRederived() {
        Redeployable tables = new Redeployable("SORTED_AT_HUB", null);
        // a time budget no tick reaches, so that the count alone bounds a chunk here
        ProcessorTopologyConfig config = ProcessorTopologyConfig.defaults().withRederive(100, Duration.ofSeconds(30));
        try (TopologyHarness t = new TopologyHarness(config, tables, new RecordFailures(3))) {
            int parcels = 1000;
            storeParcels(t, parcels);
            tickFor(t, Duration.ofSeconds(1)); // the pass over what was stored with the running tables finds nothing
            long checkedBefore = t.metrics.count("rederive:checked");
            assertThat(t.metrics.count("rederive:rederived")).isZero();
            String storedWith = tables.digest();
            tables.redeploy(MappedStatus.of(CanonicalStatus.IN_TRANSIT, ReasonCode.NONE));

            // one chunk per tick: 1,000 parcels take 10 ticks, not one
            t.tick();
            assertThat(t.metrics.count("rederive:checked") - checkedBefore).isEqualTo(config.rederiveChunk());
            tickFor(t, Duration.ofSeconds(1));
            assertThat(t.metrics.count("rederive:checked") - checkedBefore).isEqualTo(parcels);
            assertThat(t.metrics.count("rederive:rederived")).isEqualTo(parcels / 100);
            assertThat(t.parcelsStore().get("elta:ZU70000100GR").getStatus()).isEqualTo(CanonicalStatus.IN_TRANSIT);
            assertThat(t.parcelsStore().get("elta:ZU70000100GR").getMappingDigest()).isEqualTo(tables.digest());
            // a parcel the change does not concern is not written: it keeps the digest it was stored with
            assertThat(t.parcelsStore().get("elta:ZU70000001GR").getMappingDigest()).isEqualTo(storedWith);
        }
    }

    @Test
    void aChunkEndsWhenTheStreamThreadHasSpentItsTimeButEachTickChecksOneParcel() {
        Redeployable tables = new Redeployable("SORTED_AT_HUB", null);
        ProcessorTopologyConfig config = ProcessorTopologyConfig.defaults().withRederive(100, Duration.ofNanos(1));
        try (TopologyHarness t = new TopologyHarness(config, tables, new RecordFailures(3))) {
            storeParcels(t, 200);
            tickFor(t, Duration.ofSeconds(5)); // the first pass: 200 ticks at one parcel each
            long checkedBefore = t.metrics.count("rederive:checked");
            tables.redeploy(MappedStatus.of(CanonicalStatus.IN_TRANSIT, ReasonCode.NONE));

            // a nanosecond per interval is spent by the first parcel: one parcel per tick, whatever the chunk
            t.tick();
            assertThat(t.metrics.count("rederive:checked") - checkedBefore).isEqualTo(1);
            t.tick();
            assertThat(t.metrics.count("rederive:checked") - checkedBefore).isEqualTo(2);
            // and the pass still ends
            tickFor(t, Duration.ofSeconds(5));
            assertThat(t.metrics.count("rederive:checked") - checkedBefore).isEqualTo(200);
            assertThat(t.metrics.count("rederive:rederived")).isEqualTo(2);
        }
    }

    /** {@code parcels} stored parcels of one event each, every hundredth with the code the test's tables change. */
    private static void storeParcels(TopologyHarness t, int parcels) {
        for (int i = 0; i < parcels; i++) {
            String tracking = String.format("ZU7%07dGR", i);
            String code = i % 100 == 0 ? "SORTED_AT_HUB" : "TRANSIT";
            t.pipe(shiplemon(tracking, code, null, "2024-07-15T09:45:00.000Z", "ΔΙΑΛΟΓΗ").build());
        }
    }
}
