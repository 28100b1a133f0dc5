package io.trackstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import io.trackstream.processor.testing.TopologyHarness;
import io.trackstream.serde.MockSchemaRegistry;

/**
 * Pins the topology's shape. Processor, store and internal topic names are part of a deployment's state: a rename
 * orphans changelogs and repartition topics. If this fails on purpose, copy target/actual-topology.txt over
 * src/test/resources/topology/expected-topology.txt and say in the commit how running apps migrate.
 */
class TopologyDescriptionTest {

    @Test
    void topologyMatchesThePinnedDescription() throws IOException {
        String scope = "describe-" + UUID.randomUUID();
        try {
            TopologyDescription description = TrackingTopology.build(ProcessorTopologyConfig.defaults(),
                    ProcessorSerdes.avro(Map.of("schema.registry.url", "mock://" + scope)),
                    TopologyHarness.MAPPINGS, TrackingMetrics.none()).describe();
            String actual = description.toString();
            Files.writeString(Path.of("target", "actual-topology.txt"), actual, StandardCharsets.UTF_8);
            assertThat(actual).isEqualTo(expected());
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    @Test
    void everyInternalTopicAndStoreHasAnExplicitName() {
        String scope = "describe-" + UUID.randomUUID();
        try {
            String actual = TrackingTopology.build(ProcessorTopologyConfig.defaults(),
                    ProcessorSerdes.avro(Map.of("schema.registry.url", "mock://" + scope)),
                    TopologyHarness.MAPPINGS, TrackingMetrics.none()).describe().toString();
            // generated names look like KSTREAM-MAPVALUES-0000000012 or KSTREAM-AGGREGATE-STATE-STORE-0000000003
            assertThat(actual).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
            assertThat(actual).contains("parcel-assignments-repartition", "parcel-updates-by-shipment-repartition",
                    "parcels-store", "parcel-assignments-store", "parcel-changes-pending-store",
                    "stores: [shipments-store, shipment-registrations-store, shipment-status-counts-store, shipments-by-order-store, auto-close-store, shipment-assembly-store]",
                    "registration-fan-out-store");
            // dedupe marks live in each parcel's own state: no separate (window) store
            assertThat(actual).doesNotContain("dedupe");
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    private static String expected() throws IOException {
        try (InputStream in = TopologyDescriptionTest.class.getResourceAsStream("/topology/expected-topology.txt")) {
            assertThat(in).as("src/test/resources/topology/expected-topology.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
