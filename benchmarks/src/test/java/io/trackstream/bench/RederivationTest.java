package io.trackstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helpers of part (e): which parcels change, the two tables, and reading the processor's "pass done" lines. */
class RederivationTest {

    @TempDir
    Path dir;

    @Test
    void theChangingCountIsTheOnePerCentTheLoadMarks() {
        for (int parcels : List.of(0, 1, 2, 99, 100, 101, 102, 20_000, 300_001)) {
            long marked = IntStream.range(0, parcels).filter(Rederivation::changes).count();
            assertThat(Rederivation.changing(parcels)).as("%d parcels", parcels).isEqualTo(marked);
        }
        assertThat(Rederivation.changing(1_000_000)).isEqualTo(10_000);
    }

    @Test
    void noChangingParcelBelongsToAShopifyShipment() {
        // the load makes every fifth shipment Shopify's, which never auto-closes
        assertThat(IntStream.range(0, 10_000).filter(Rederivation::changes).filter(s -> s % 5 == 0)).isEmpty();
    }

    @Test
    void onlyTheSecondTableMapsTheChangingCode() {
        assertThat(Rederivation.table(false)).startsWith("provider: benchlab\n").doesNotContain(Rederivation.CHANGING_CODE);
        assertThat(Rederivation.table(true)).contains("  " + Rederivation.CHANGING_CODE + ": DELIVERED\n")
                .startsWith(Rederivation.table(false));
    }

    @Test
    void keepsEachTasksLastPassDoneLineOfTheDigestAndIgnoresChunkLinesAndOtherDigests() throws Exception {
        Path log = dir.resolve("processor.log");
        Files.write(log, List.of(
                "2026-12-07T13:14:40.100Z  INFO 1 --- [StreamThread-1] i.t.p.topology.ParcelProcessor : Mapping tables 0123456789abcdef: "
                        + "task 0_0 checked 100 parcels so far, re-derived 2 (2 in this chunk), about 5900 left",
                "2026-12-07T13:14:44.200Z  INFO 1 --- [StreamThread-1] i.t.p.topology.ParcelProcessor : Mapping tables 0123456789abcdef: "
                        + "task 0_0 pass done, checked 6055 parcels, re-derived 46",
                "2026-12-07T13:14:45.300Z  INFO 1 --- [StreamThread-2] i.t.p.topology.ParcelProcessor : Mapping tables 0123456789abcdef: "
                        + "task 0_1 pass done, checked 5955 parcels, re-derived 51",
                "2026-12-07T13:15:45.300Z  INFO 1 --- [StreamThread-2] i.t.p.topology.ParcelProcessor : Mapping tables 0123456789abcdef: "
                        + "task 0_1 pass done, checked 5960 parcels, re-derived 51",
                "2026-12-07T13:16:45.300Z  INFO 1 --- [StreamThread-1] i.t.p.topology.ParcelProcessor : Mapping tables fedcba9876543210: "
                        + "task 0_2 pass done, checked 0 parcels, re-derived 0"), StandardCharsets.UTF_8);

        Map<String, long[]> done = Rederivation.passesDone(log, "0123456789abcdef");

        assertThat(done).containsOnlyKeys("0_0", "0_1");
        assertThat(done.get("0_0")).containsExactly(6055, 46);
        assertThat(done.get("0_1")).containsExactly(5960, 51);
    }

    @Test
    void theTickCeilingIsAChunkPerTaskPerTick() {
        assertThat(Rederivation.tickCeiling(4, 100, 20)).isEqualTo(20_000.0);
        assertThat(Rederivation.windowSeconds(60, 1_000_000)).isEqualTo(310);
        assertThat(Rederivation.windowSeconds(30, 20_000)).as("at least 20 s for the pass").isEqualTo(50);
    }
}
