package io.trackstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.fixtures.SeedRecords;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Old readers and writers keep working: a reader with a new defaulted field reads old bytes, the registry refuses an
 * incompatible change, and every current schema can read data written with the last released one.
 */
class SchemaEvolutionTest {

    /** The schemas as last released; copy the current ones here (see README, "Evolving a schema") when releasing. */
    private static final String RELEASED = "released-schemas/";

    private static final String SCOPE = "schema-evolution";

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void aReaderWithANewDefaultedFieldReadsBytesWrittenWithTheOldSchema() throws IOException {
        SpecificAvroSerde<RawTrackingEvent> old = SpecificAvroSerde.of(RawTrackingEvent.class,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
        byte[] oldBytes = old.serializer().serialize("tracking.raw.v1", SeedRecords.rawEvent().build());
        Schema evolved = withExtraField(RawTrackingEvent.getClassSchema(),
                "{\"name\": \"carrierEventId\", \"type\": [\"null\", \"string\"], \"default\": null}");

        ByteBuffer buffer = ByteBuffer.wrap(oldBytes);
        int id = ConfluentWireFormat.readSchemaId(buffer, "tracking.raw.v1");
        Schema writer = MockSchemaRegistry.forScope(SCOPE).getSchemaById(id);
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, evolved)
                .read(null, DecoderFactory.get().binaryDecoder(oldBytes, buffer.position(), buffer.remaining(), null));

        assertThat(read.get("carrierEventId")).isNull();
        assertThat(read.get("carrierStatusText").toString()).isEqualTo(SeedRecords.GREEK_DELIVERED);
        assertThat(MockSchemaRegistry.forScope(SCOPE).register("tracking.raw.v1-value", evolved)).isNotEqualTo(id);
    }

    @Test
    void theRegistryRefusesANewFieldWithoutADefault() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("tracking.raw.v1-value", RawTrackingEvent.getClassSchema());
        Schema breaking = withExtraField(RawTrackingEvent.getClassSchema(), "{\"name\": \"carrierEventId\", \"type\": \"string\"}");

        assertThatThrownBy(() -> registry.register("tracking.raw.v1-value", breaking))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchema.class)
                .hasMessageContaining("carrierEventId");
    }

    static List<Schema> currentSchemas() {
        return List.of(RawTrackingEvent.getClassSchema(), RejectedEvent.getClassSchema(), ShipmentRegistration.getClassSchema(),
                Shipment.getClassSchema(), ShipmentStatusChanged.getClassSchema(), ParcelStatusChanged.getClassSchema(),
                OrderAutoCloseRequested.getClassSchema(),
                PollTarget.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void everyCurrentSchemaReadsDataWrittenWithTheLastReleasedOne(Schema current) throws IOException {
        Schema released = released(current.getName());

        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released).getResult();

        assertThat(result.getCompatibility())
                .as("%s is not backward compatible with the released version: %s", current.getName(), result.getIncompatibilities())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema released(String name) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getClassLoader().getResourceAsStream(RELEASED + name + ".avsc")) {
            assertThat(in).as("no released schema %s.avsc under src/test/resources/%s", name, RELEASED).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        String evolved = json.substring(0, json.lastIndexOf(']')) + "," + fieldJson + json.substring(json.lastIndexOf(']'));
        return new Schema.Parser().parse(evolved);
    }
}
