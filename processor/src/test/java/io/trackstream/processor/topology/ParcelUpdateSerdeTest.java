package io.trackstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.testing.Seeds;
import io.trackstream.serde.MockSchemaRegistry;

class ParcelUpdateSerdeTest {

    private final String scope = "parcel-update-" + UUID.randomUUID();
    private final ParcelUpdateSerde serde = ProcessorSerdes.avro(Map.of("schema.registry.url", "mock://" + scope)).parcelUpdates();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void roundTripsWithAndWithoutEitherPart() {
        ShipmentRegistration registration = Seeds.registration("shp-1", "elta", "shiplemon", "ZU500011420GR").build();
        Parcel parcel = Parcel.newBuilder().setParcelKey("elta:ZU500011420GR").setCarrier("elta").setTrackingNumber("ZU500011420GR")
                .setStatus(CanonicalStatus.IN_TRANSIT).setReason(ReasonCode.NONE).setLastCarrierStatusText("ΠΡΟΣ ΠΑΡΑΔΟΣΗ").build();
        for (ParcelUpdate update : new ParcelUpdate[] {
                new ParcelUpdate(registration, parcel), new ParcelUpdate(null, parcel), new ParcelUpdate(registration, null)}) {
            byte[] bytes = serde.serializer().serialize("t", update);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(update);
        }
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }
}
