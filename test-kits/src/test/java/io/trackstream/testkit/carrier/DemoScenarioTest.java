package io.trackstream.testkit.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class DemoScenarioTest {

    /** The processor's mapping tables, read from the repository (no module depends on the app for them). */
    private static final Path PROCESSOR_MAPPINGS = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent()
            .resolve("processor/src/main/resources/mappings");

    private final CarrierSandboxTest.MovableClock clock = new CarrierSandboxTest.MovableClock(Instant.parse("2026-11-22T10:00:00Z"));

    @Test
    void anyFiveShipmentsInARowShowEverySourceAndMultiParcelShipments() {
        List<DemoShipment> shipments = DemoScenario.generate(12, 60, 7, clock).shipments().subList(6, 11);

        assertThat(shipments).extracting(s -> s.provider() + (s.polled() ? "/poll" : "/webhook"))
                .containsExactlyInAnyOrder("shiplemon/poll", "courier-sync/poll", "salesive/poll", "courier-sync/webhook", "carriyo/webhook");
        assertThat(shipments).filteredOn(s -> s.parcels().size() > 1).isNotEmpty();
        assertThat(shipments).allSatisfy(s -> assertThat(s.shopOrderId()).isPositive());
    }

    @Test
    void everySeventhOrderIsAShopifyOrderThatMustNotBeClosed() {
        DemoScenario scenario = DemoScenario.generate(14, 60, 7, clock);

        assertThat(scenario.shipments()).filteredOn(s -> !s.autoClosable()).extracting(DemoShipment::shipmentId)
                .containsExactly("demo-0007", "demo-0014");
    }

    @Test
    void theProcessorsMappingTablesKnowEveryCodeButTheDeliberatelyUnknownOnes() throws IOException {
        DemoScenario scenario = DemoScenario.generate(20, 60, 7, clock);
        Set<String> unknown = new HashSet<>();

        for (DemoShipment shipment : scenario.shipments()) {
            MappingTable table = MappingTable.load(shipment.provider());
            shipment.parcels().forEach(p -> p.steps().stream().filter(step -> !table.knows(step))
                    .forEach(step -> unknown.add(shipment.shipmentId() + " " + step.code())));
        }

        // The first Shiplemon and the first Carriyo shipment, and every third one of each after them.
        assertThat(unknown).containsExactlyInAnyOrder("demo-0001 HELD_AT_DEPOT", "demo-0016 HELD_AT_DEPOT",
                "demo-0005 handed_to_partner", "demo-0020 handed_to_partner");
    }

    @Test
    void eventTimesAreWallClockTimesOfTheCompressedLife() {
        DemoScenario scenario = DemoScenario.generate(5, 60, 7, clock);
        clock.advance(Duration.ofMinutes(5)); // apps starting: the lives have not begun
        scenario.begin();
        DemoShipment.DemoParcel parcel = scenario.shipments().get(0).parcels().get(0);

        assertThat(scenario.visibleSteps(parcel)).hasSize(1);
        assertThat(scenario.eventTime(parcel.steps().get(0))).isEqualTo(clock.instant());
        ScriptStep skewed = parcel.steps().get(2);
        assertThat(scenario.eventTime(skewed)).isEqualTo(clock.instant().plusSeconds(skewed.at().plus(skewed.skew()).toMinutes()));

        clock.advance(scenario.realLifetime());
        assertThat(scenario.visibleSteps(parcel)).containsExactlyElementsOf(parcel.steps());
        assertThat(scenario.realLifetime()).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(3));
    }

    /** A provider's table of the processor (processor/src/main/resources/mappings), read as the processor matches codes. */
    private record MappingTable(Set<String> statuses, Set<String> substatuses) {

        @SuppressWarnings("unchecked")
        static MappingTable load(String provider) throws IOException {
            Path file = PROCESSOR_MAPPINGS.resolve(provider + ".yml");
            assertThat(file).as("the processor's mapping table of %s", provider).isRegularFile();
            try (InputStream in = Files.newInputStream(file)) {
                Map<String, Object> yaml = new Yaml().load(in);
                return new MappingTable(normalized((Map<String, Object>) yaml.getOrDefault("statuses", Map.of())),
                        normalized((Map<String, Object>) yaml.getOrDefault("substatuses", Map.of())));
            }
        }

        boolean knows(ScriptStep step) {
            return step.substatus() != null && substatuses.contains(normalize(step.substatus())) || statuses.contains(normalize(step.code()));
        }

        private static Set<String> normalized(Map<String, Object> table) {
            Set<String> codes = new HashSet<>();
            table.keySet().forEach(code -> codes.add(normalize(code)));
            return codes;
        }

        /** Case-insensitive, ignoring _ - . and blanks (docs/processor.md). */
        private static String normalize(String code) {
            return code.toLowerCase(Locale.ROOT).replaceAll("[_\\-.\\s]", "");
        }
    }
}
