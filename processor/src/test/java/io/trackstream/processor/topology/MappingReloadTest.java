package io.trackstream.processor.topology;

import static io.trackstream.processor.testing.Seeds.ELTA_TRACKING;
import static io.trackstream.processor.testing.Seeds.registration;
import static io.trackstream.processor.testing.Seeds.shiplemon;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.processor.mapping.MappingFiles;
import io.trackstream.processor.mapping.MappingReloader;
import io.trackstream.processor.mapping.ReloadableMappings;
import io.trackstream.processor.testing.TopologyHarness;

/**
 * The mapping tables reloaded while the topology runs (no restart): a table that loads replaces the running ones for
 * every task at once and the stored parcels are re-derived in the background; a table that does not load changes
 * nothing.
 */
class MappingReloadTest {

    private static final String ELTA_PARCEL = "elta:" + ELTA_TRACKING;
    /** ELTA's own table under Shiplemon: codes it lists win over Shiplemon's table. */
    private static final String TABLE = "shiplemon-elta.yml";

    @TempDir
    Path directory;

    private void writeTable(String statuses) throws Exception {
        Files.writeString(directory.resolve(TABLE), "provider: shiplemon/elta\nstatuses:\n" + statuses, StandardCharsets.UTF_8);
    }

    private static void tickFor(TopologyHarness t, Duration time) {
        for (long ms = 0; ms < time.toMillis(); ms += t.config.flushInterval().toMillis()) {
            t.tick();
        }
    }

    private static String infoDigest(SimpleMeterRegistry registry) {
        return registry.get("trackstream.processor.mappings.info").gauge().getId().getTag("digest");
    }

    @Test
    void aReloadDeliversAStoredUnknownParcelOnceAndBrokenTablesChangeNothing() throws Exception {
        writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: IN_TRANSIT\n");
        ReloadableMappings tables = new ReloadableMappings(MappingFiles.load(directory.toString()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MappingReloader reloader = new MappingReloader(tables, MappingFiles.reloading(directory.toString()), registry, Clock.systemUTC());
             TopologyHarness t = new TopologyHarness(ProcessorTopologyConfig.defaults(), tables, new RecordFailures(3))) {
            // Given a parcel whose carrier reported delivery with a code no table knows (UNKNOWN)
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            t.send(shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-15T09:45:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build());
            t.send(shiplemon(ELTA_TRACKING, "PARCEL_HANDED_OVER", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΔΟΘΗΚΕ").build());
            tickFor(t, Duration.ofMillis(200));
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).extracting(e -> e.getStatus())
                    .containsExactly(CanonicalStatus.IN_TRANSIT, CanonicalStatus.UNKNOWN);
            t.statusChanges.readValuesToList();
            String before = tables.digest();
            assertThat(infoDigest(registry)).isEqualTo(before);

            // When the operator's edit of the table is broken (a misspelt status)
            writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: IN_TRANSIT\n  PARCEL_HANDED_OVER: DELIVERD\n");
            MappingReloader.Result refused = reloader.reload("test");

            // Then it is refused, and the running tables, the parcel and the shipment stay as they were
            assertThat(refused.outcome()).isEqualTo(MappingReloader.Outcome.REFUSED);
            assertThat(refused.detail()).contains("DELIVERD");
            assertThat(tables.digest()).isEqualTo(before);
            assertThat(infoDigest(registry)).isEqualTo(before);
            assertThat(registry.get("trackstream.processor.mappings.reload.refused").gauge().value()).isEqualTo(1.0);
            tickFor(t, Duration.ofMillis(500));
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.IN_TRANSIT);
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getMappingDigest()).isEqualTo(before);
            assertThat(t.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.IN_TRANSIT);
            assertThat(t.statusChanges.isEmpty()).isTrue();
            assertThat(t.autoClose.isEmpty()).isTrue();

            // When the table is mended, mapping the code to DELIVERED, and reloaded while the topology runs
            writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: IN_TRANSIT\n  PARCEL_HANDED_OVER: DELIVERED\n");
            MappingReloader.Result reloaded = reloader.reload("test");
            assertThat(reloaded.outcome()).isEqualTo(MappingReloader.Outcome.RELOADED);
            assertThat(reloaded.previous()).isEqualTo(before);
            assertThat(tables.digest()).isNotEqualTo(before).isEqualTo(reloaded.digest());
            assertThat(infoDigest(registry)).isEqualTo(reloaded.digest());
            assertThat(registry.find("trackstream.processor.mappings.info").gauges()).hasSize(1);
            assertThat(registry.get("trackstream.processor.mappings.reload.refused").gauge().value()).isZero();
            tickFor(t, Duration.ofMillis(300));

            // Then the parcel and its shipment are DELIVERED, with one status change and one auto-close
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getStatus()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getMappingDigest()).isEqualTo(reloaded.digest());
            assertThat(t.shipmentsStore().get("shp-1").getStatus()).isEqualTo(ShipmentStatus.DELIVERED);
            assertThat(t.statusChanges.readValuesToList()).extracting(ShipmentStatusChanged::getTo).containsExactly(ShipmentStatus.DELIVERED);
            assertThat(t.autoClose.readValuesToList()).hasSize(1);

            // and neither running on nor reloading the same tables again emits anything more
            assertThat(reloader.reload("test").outcome()).isEqualTo(MappingReloader.Outcome.UNCHANGED);
            tickFor(t, Duration.ofSeconds(1));
            assertThat(t.statusChanges.isEmpty()).isTrue();
            assertThat(t.autoClose.isEmpty()).isTrue();
        }
    }

    @Test
    void aLaterChangeReachesTheParcelsAnEarlierPassLeftUnwritten() throws Exception {
        writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: IN_TRANSIT\n");
        ReloadableMappings tables = new ReloadableMappings(MappingFiles.load(directory.toString()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProcessorTopologyConfig config = ProcessorTopologyConfig.defaults().withRederive(100, Duration.ofSeconds(30));
        try (MappingReloader reloader = new MappingReloader(tables, MappingFiles.reloading(directory.toString()), registry, Clock.systemUTC());
             TopologyHarness t = new TopologyHarness(config, tables, new RecordFailures(3))) {
            int parcels = 300;
            for (int i = 0; i < parcels; i++) {
                String code = i % 100 == 0 ? "SORTED_AT_HUB" : "TRANSIT";
                t.pipe(shiplemon(String.format("ZU8%07dGR", i), code, null, "2024-07-15T09:45:00.000Z", "ΔΙΑΛΟΓΗ").build());
            }
            tickFor(t, Duration.ofMillis(200));
            String first = tables.digest();

            // A first change concerns 1 % of the parcels: the others are checked, not written
            writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: IN_TRANSIT\n  SORTED_AT_HUB: IN_TRANSIT\n");
            assertThat(reloader.reload("test").outcome()).isEqualTo(MappingReloader.Outcome.RELOADED);
            tickFor(t, Duration.ofMillis(200));
            assertThat(t.metrics.count("rederive:rederived")).isEqualTo(3);
            assertThat(t.parcelsStore().get("elta:ZU80000100GR").getMappingDigest()).isEqualTo(tables.digest());
            assertThat(t.parcelsStore().get("elta:ZU80000101GR").getMappingDigest()).isEqualTo(first);

            // A second change concerns the rest, whose digest is still the first one
            writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: IN_TRANSIT\n  SORTED_AT_HUB: IN_TRANSIT\n  TRANSIT: OUT_FOR_DELIVERY\n");
            assertThat(reloader.reload("test").outcome()).isEqualTo(MappingReloader.Outcome.RELOADED);
            tickFor(t, Duration.ofMillis(200));
            assertThat(t.metrics.count("rederive:rederived")).isEqualTo(3 + parcels - 3);
            for (int i = 0; i < parcels; i++) {
                var parcel = t.parcelsStore().get(String.format("elta:ZU8%07dGR", i));
                assertThat(parcel.getStatus()).as("parcel %d", i)
                        .isEqualTo(i % 100 == 0 ? CanonicalStatus.IN_TRANSIT : CanonicalStatus.OUT_FOR_DELIVERY);
            }
        }
    }

    @Test
    void theCheckIntervalTakesUpAChangedTableAndKeepsTheRunningOnesWhileTheFileIsBroken() throws Exception {
        writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: IN_TRANSIT\n");
        ReloadableMappings tables = new ReloadableMappings(MappingFiles.load(directory.toString()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String first = tables.digest();
        try (MappingReloader reloader = new MappingReloader(tables, MappingFiles.reloading(directory.toString()), registry, Clock.systemUTC())) {
            reloader.checkEvery(Duration.ofMillis(50));
            writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: [IN_TRANSIT\n");
            org.awaitility.Awaitility.await("the broken file refused").atMost(Duration.ofSeconds(30))
                    .until(() -> registry.get("trackstream.processor.mappings.reload.refused").gauge().value() == 1.0);
            assertThat(tables.digest()).isEqualTo(first);
            assertThat(reloader.last().outcome()).isEqualTo(MappingReloader.Outcome.REFUSED);

            writeTable("  ΑΠΟΣΤΟΛΗ_ΣΕ_ΚΑΤΑΣΤΗΜΑ: IN_TRANSIT\n  PARCEL_HANDED_OVER: DELIVERED\n");
            org.awaitility.Awaitility.await("the mended file running").atMost(Duration.ofSeconds(30))
                    .until(() -> !tables.digest().equals(first));
            assertThat(tables.map("shiplemon", "elta", "PARCEL_HANDED_OVER", null).status()).isEqualTo(CanonicalStatus.DELIVERED);
            assertThat(infoDigest(registry)).isEqualTo(tables.digest());
            assertThat(registry.get("trackstream.processor.mappings.reload.refused").gauge().value()).isZero();
        }
    }

    @Test
    void aNegativeCheckIntervalIsRefused() {
        ReloadableMappings tables = new ReloadableMappings(TopologyHarness.MAPPINGS);
        try (MappingReloader reloader = new MappingReloader(tables, () -> TopologyHarness.MAPPINGS, new SimpleMeterRegistry(), Clock.systemUTC())) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> reloader.checkEvery(Duration.ofSeconds(-1)))
                    .withMessageContaining("mapping-check-interval");
        }
    }
}
