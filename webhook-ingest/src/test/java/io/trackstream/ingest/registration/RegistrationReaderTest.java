package io.trackstream.ingest.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.ingest.fixtures.Registrations;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonPayload;
import io.trackstream.web.security.Caller;
import org.junit.jupiter.api.Test;

class RegistrationReaderTest {

    private static ShipmentRegistrationRequest read(String json, String pathId) {
        return RegistrationReader.read(JsonPayload.parseObject(json.getBytes(StandardCharsets.UTF_8)), pathId);
    }

    @Test
    void defaultsArePolledAndNotAReturnAndTheTenantIsTheCallers() {
        String minimal = "{\"shipmentId\": \"s1\", \"orderId\": \"o1\", \"carrier\": \"ELTA\", \"provider\": \"generic\","
                + " \"parcels\": [{\"trackingNumber\": \" ZU1 \"}]}";
        ShipmentRegistration record = RegistrationConverter.toAvro(new Caller("store-7", Set.of("WRITE_SHIPPING")), read(minimal, null),
                Instant.parse("2024-07-15T10:00:00Z"));

        assertThat(record.getTenant()).isEqualTo("store-7");
        assertThat(record.getCarrier()).isEqualTo("elta");
        assertThat(record.getPolled()).isTrue();
        assertThat(record.getIsReturn()).isFalse();
        assertThat(record.getParcels().get(0).getTrackingNumber()).isEqualTo("ZU1");
        assertThat(record.getRegisteredAt()).isEqualTo(Instant.parse("2024-07-15T10:00:00Z"));
    }

    @Test
    void theSameParcelTwiceIsRefused() {
        String twice = Registrations.registration("s1", "2338891501").replace("{\"trackingNumber\": \"2338891501\", \"labelId\": \"17\"}",
                "{\"trackingNumber\": \"2338891501\", \"carrier\": \"BOXNOW\"}");
        assertThatThrownBy(() -> read(twice, null)).isInstanceOfSatisfying(InvalidPayloadException.class,
                e -> assertThat(e.field()).isEqualTo("parcels[1].trackingNumber"));
    }

    @Test
    void noParcelsOrNoShipmentIdIsRefused() {
        assertThatThrownBy(() -> read("{\"shipmentId\": \"s1\", \"orderId\": \"o\", \"carrier\": \"elta\", \"provider\": \"generic\", \"parcels\": []}", null))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("parcels"));
        assertThatThrownBy(() -> read("{\"orderId\": \"o\", \"carrier\": \"elta\", \"provider\": \"generic\", \"parcels\": []}", null))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("shipmentId"));
    }

    @Test
    void aPolledShiplemonOrCourierSyncShipmentWithoutTheProvidersOwnIdIsRefused() {
        for (String provider : java.util.List.of("shiplemon", "courier-sync")) {
            String noReference = "{\"shipmentId\": \"s1\", \"orderId\": \"o1\", \"carrier\": \"elta\", \"provider\": \"" + provider
                    + "\", \"parcels\": [{\"trackingNumber\": \"ZU1\"}]}";
            assertThatThrownBy(() -> read(noReference, null)).as(provider).isInstanceOfSatisfying(InvalidPayloadException.class,
                    e -> assertThat(e.field()).isEqualTo("providerReference"));
            // not polled (the carrier pushes webhooks), it needs none
            assertThat(read(noReference.replace("\"parcels\"", "\"polled\": false, \"parcels\""), null).providerReference()).isNull();
        }
        // Salesive is called with the order id, the generic format is never polled by reference
        assertThat(read("{\"shipmentId\": \"s1\", \"orderId\": \"o1\", \"carrier\": \"dhl\", \"provider\": \"salesive\","
                + " \"parcels\": [{\"trackingNumber\": \"SB1\"}]}", null).provider()).isEqualTo("salesive");
    }
}
