package io.trackstream.processor.topology.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.processor.testing.Shipments;
import io.trackstream.processor.topology.ProcessorSerdes;
import io.trackstream.serde.MockSchemaRegistry;
import io.trackstream.serde.SpecificAvroSerde;

/** A shipment encoded once must give exactly the bytes the plain Confluent-wire-format serializer gives, wherever it goes. */
class ShipmentBytesTest {

    private final String scope = "shipment-bytes-" + UUID.randomUUID();
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://" + scope);
    private final ProcessorSerdes serdes = ProcessorSerdes.avro(config);
    private final SpecificAvroSerde<Shipment> plainShipments = SpecificAvroSerde.of(Shipment.class, config, false);
    private final SpecificAvroSerde<ShipmentStatusChanged> plainChanges = SpecificAvroSerde.of(ShipmentStatusChanged.class, config, false);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void aStatusChangeEmbeddingTheVersionJustStoredIsByteForByteThePlainEncoding() {
        // Given a shipment version written to its store (as ShipmentProcessor does first)
        Shipment version = Shipments.shipment("shp-1", "athens", "order-1", "ZU500011420GR");
        byte[] stored = serdes.shipments().serializer().serialize("trackstream-processor-shipments-store-changelog", version);

        // When the same version goes to shipments.v1 and into its status change
        byte[] published = serdes.shipments().serializer().serialize("shipments.v1", version);
        ShipmentStatusChanged change = change(version);
        byte[] changeBytes = serdes.statusChanges().serializer().serialize("shipments.status-changes.v1", change);

        // Then every record is what the plain serializer writes, and reads back as the same values, Greek texts included
        assertThat(stored).isEqualTo(plainShipments.serializer().serialize("shipments.v1", version));
        assertThat(published).isEqualTo(stored);
        assertThat(changeBytes).isEqualTo(plainChanges.serializer().serialize("shipments.status-changes.v1", change));
        ShipmentStatusChanged read = plainChanges.deserializer().deserialize("shipments.status-changes.v1", changeBytes);
        assertThat(read.getShipment().getShipmentId()).isEqualTo("shp-1");
        assertThat(read.getShipment().getParcels().get(0).getHistory()).extracting(e -> e.getCarrierStatusText())
                .containsExactly("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ");
    }

    @Test
    void anotherShipmentOrAnEditedCopyIsEncodedAfresh() {
        Shipment first = Shipments.shipment("shp-1", "athens", "order-1", "ZU500011420GR");
        serdes.shipments().serializer().serialize("shipments.v1", first);

        Shipment second = Shipment.newBuilder(first).setShipmentId("shp-2").setVersion(7L).build();
        ShipmentStatusChanged change = change(second);

        assertThat(serdes.shipments().serializer().serialize("shipments.v1", second))
                .isEqualTo(plainShipments.serializer().serialize("shipments.v1", second));
        assertThat(serdes.statusChanges().serializer().serialize("t", change))
                .isEqualTo(plainChanges.serializer().serialize("t", change));
    }

    private static ShipmentStatusChanged change(Shipment shipment) {
        return ShipmentStatusChanged.newBuilder().setChangeId(shipment.getShipmentId() + ":" + shipment.getVersion())
                .setShipmentId(shipment.getShipmentId()).setTenant(shipment.getTenant()).setOrderId(shipment.getOrderId())
                .setFrom(ShipmentStatus.OUT_FOR_DELIVERY).setTo(shipment.getStatus()).setChangedAt(Instant.parse("2024-07-15T10:06:00Z"))
                .setShipment(shipment).build();
    }
}
