package io.trackstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.fixtures.SeedRecords;

class NullableUnionWriterTest {

    @Test
    void everyContractRecordIsWrittenToExactlyAvrosBytes() {
        SeedRecords.oneOfEachTopic().forEach((topic, record) ->
                assertThat(write(new NullableUnionWriter<>(record.getSchema(), SpecificData.getForSchema(record.getSchema())), record))
                        .as(topic)
                        .isEqualTo(write(new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForSchema(record.getSchema())), record)));
    }

    @Test
    void aShipmentLargerThanTheReusedBufferRoundTripsThroughTheSerde() {
        String scope = "nullable-union-" + java.util.UUID.randomUUID();
        // Given a shipment whose parcel has a long history (tens of kB, more than the buffer starts with)
        ShipmentStatusChanged change = (ShipmentStatusChanged) SeedRecords.oneOfEachTopic().get("shipments.status-changes.v1");
        Shipment shipment = change.getShipment();
        Parcel parcel = shipment.getParcels().get(0);
        List<TrackingEvent> history = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            history.add(TrackingEvent.newBuilder(parcel.getHistory().get(0)).setEventKey("event-" + i).build());
        }
        Shipment large = Shipment.newBuilder(shipment)
                .setParcels(List.of(Parcel.newBuilder(parcel).setHistory(history).build())).build();
        Map<String, String> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        SpecificAvroSerde<Shipment> serde = SpecificAvroSerde.of(Shipment.class, config, false);

        // When it is written, then a small record after it on the same thread
        byte[] bytes = serde.serializer().serialize("shipments.v1", large);
        byte[] small = serde.serializer().serialize("shipments.v1", shipment);

        // Then both read back equal
        assertThat(bytes.length).isGreaterThan(16_384);
        assertThat(serde.deserializer().deserialize("shipments.v1", bytes)).isEqualTo(large);
        assertThat(serde.deserializer().deserialize("shipments.v1", small)).isEqualTo(shipment);
        MockSchemaRegistry.dropScope(scope);
    }

    private static <T extends SpecificRecord> byte[] write(SpecificDatumWriter<T> writer, T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
