package io.trackstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.fixtures.SeedRecords;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class SpecificAvroSerdeTest {

    private String scope;

    private Map<String, String> config(TestInfo test) {
        scope = getClass().getSimpleName() + "-" + test.getDisplayName();
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    }

    @AfterEach
    void dropScope() {
        if (scope != null) {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyContractRecordSurvivesARoundTrip(TestInfo test) {
        Map<String, String> config = config(test);
        SeedRecords.oneOfEachTopic().forEach((topic, record) -> {
            SpecificAvroSerde serde = SpecificAvroSerde.of((Class) record.getClass(), config, false);
            byte[] bytes = serde.serializer().serialize(topic, record);
            Object back = serde.deserializer().deserialize(topic, bytes);
            assertThat(back).as(topic).isEqualTo(record);
        });
    }

    @Test
    void greekCarrierTextsRoundTripByteForByte(TestInfo test) {
        SpecificAvroSerde<RawTrackingEvent> serde = SpecificAvroSerde.of(RawTrackingEvent.class, config(test), false);
        RawTrackingEvent event = SeedRecords.rawEvent().build();

        RawTrackingEvent back = serde.deserializer().deserialize("tracking.raw.v1", serde.serializer().serialize("tracking.raw.v1", event));

        assertThat(back.getCarrierStatusText().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(SeedRecords.GREEK_DELIVERED.getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(back.getRawPayload())).isEqualTo(SeedRecords.SHIPLEMON_ENTRY_JSON.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesMagicByteThenBigEndianSchemaIdThenPlainAvroBinary(TestInfo test) throws Exception {
        Map<String, String> config = config(test);
        // Take a few ids first, so the id under test has bytes other than zero in more than one position.
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        for (int i = 0; i < 300; i++) {
            registry.register("filler-" + i, org.apache.avro.SchemaBuilder.record("Filler" + i).fields().endRecord());
        }
        SpecificAvroSerde<Shipment> serde = SpecificAvroSerde.of(Shipment.class, config, false);
        Shipment shipment = SeedRecords.shipment().build();

        byte[] bytes = serde.serializer().serialize("shipments.v1", shipment);

        int id = registry.register("shipments.v1-value", Shipment.getClassSchema());
        assertThat(id).isEqualTo(301);
        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0x00, 0x00, 0x00, 0x01, 0x2d);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(shipment));
    }

    @Test
    void registersKeysAndValuesUnderTheTopicNameStrategySubjects(TestInfo test) {
        Map<String, String> config = config(test);
        SpecificAvroSerde.of(Shipment.class, config, false).serializer().serialize("shipments.v1", SeedRecords.shipment().build());
        SpecificAvroSerde.of(Shipment.class, config, true).serializer().serialize("shipments.v1", SeedRecords.shipment().build());

        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        assertThat(registry.versions("shipments.v1-value")).containsExactly(Shipment.getClassSchema());
        assertThat(registry.versions("shipments.v1-key")).containsExactly(Shipment.getClassSchema());
    }

    @Test
    void aDeserializerMadeByClassNameReadsTheGeneratedClassNamedByTheWriterSchema(TestInfo test) {
        Map<String, String> config = config(test);
        byte[] bytes = SpecificAvroSerde.of(Shipment.class, config, false).serializer().serialize("shipments.v1", SeedRecords.shipment().build());
        SpecificAvroDeserializer<SpecificRecord> byName = new SpecificAvroDeserializer<>();
        byName.configure(config, false);

        assertThat(byName.deserialize("shipments.v1", bytes)).isInstanceOf(Shipment.class).isEqualTo(SeedRecords.shipment().build());
    }

    @Test
    void nullIsATombstoneBothWays(TestInfo test) {
        SpecificAvroSerde<Shipment> serde = SpecificAvroSerde.of(Shipment.class, config(test), false);
        assertThat(serde.serializer().serialize("shipments.v1", null)).isNull();
        assertThat(serde.deserializer().deserialize("shipments.v1", null)).isNull();
    }

    @Test
    void refusesBytesThatAreNotInTheWireFormatWithAClearMessage(TestInfo test) {
        SpecificAvroSerde<Shipment> serde = SpecificAvroSerde.of(Shipment.class, config(test), false);
        byte[] json = "{\"shipmentId\":\"shp-1001\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize("shipments.v1", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0x7b").hasMessageContaining("magic byte");
        assertThatThrownBy(() -> serde.deserializer().deserialize("shipments.v1", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("5-byte");
    }

    @Test
    void refusesAnUnknownSchemaIdWithAClearMessage(TestInfo test) {
        SpecificAvroSerde<Shipment> serde = SpecificAvroSerde.of(Shipment.class, config(test), false);
        byte[] unknownId = {0, 0, 0, 0x30, 0x39, 2, 4};

        assertThatThrownBy(() -> serde.deserializer().deserialize("shipments.v1", unknownId))
                .isInstanceOf(SerializationException.class).hasMessageContaining("12345").hasMessageContaining("not found");
    }

    @Test
    void withoutARegistryUrlConfigurationFailsNamingTheKey() {
        assertThatThrownBy(() -> SpecificAvroSerde.of(Shipment.class, Map.of(), false))
                .hasMessageContaining("schema.registry.url");
    }

    private static byte[] plainAvro(Shipment shipment) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Shipment.class).write(shipment, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
