package io.trackstream.ingest.api;

import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.ingest.fixtures.Registrations;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

class ShipmentRegistrationEndpointTest extends MockKafkaWebTest {

    private static MockHttpServletRequestBuilder register(String token, String body) {
        return post("/shipments").header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON).content(utf8(body));
    }

    @Test
    void registrationIsPublishedKeyedByShipmentIdWithTheTenantOfTheToken() throws Exception {
        mvc.perform(register(STORE1_WRITER, Registrations.registration("shp-1001", "ZU500011420GR")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.data.shipmentId").value("shp-1001"))
                .andExpect(jsonPath("$.data.tenant").value("store-1"))
                .andExpect(jsonPath("$.data.parcelKeys[0]").value("elta:ZU500011420GR"))
                .andExpect(jsonPath("$.data.parcelKeys[1]").value("boxnow:2338891501"));

        assertThat(sent(REGISTRATIONS)).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("shp-1001"));
        ShipmentRegistration registration = registrations().get(0);
        assertThat(registration.getTenant()).isEqualTo("store-1");
        assertThat(registration.getOrderId()).isEqualTo("6640c1b2d4e5f60102030406");
        assertThat(registration.getPartnerOrderReference()).isEqualTo("ORD-2024-1001");
        assertThat(registration.getSalesChannel()).isEqualTo("web");
        assertThat(registration.getCarrier()).isEqualTo("elta");
        assertThat(registration.getProvider()).isEqualTo("shiplemon");
        assertThat(registration.getProviderReference()).isEqualTo("be96511d-ba23-4268-bd8b-48c9cf930222");
        assertThat(registration.getCarrierAccount()).isEqualTo("main");
        assertThat(registration.getPolled()).isTrue();
        assertThat(registration.getParcels()).hasSize(2);
        assertThat(registration.getParcels().get(0).getTrackingNumber()).isEqualTo("ZU500011420GR");
        assertThat(registration.getParcels().get(0).getLabelId()).isEqualTo("17");
        assertThat(registration.getParcels().get(1).getCarrier()).isEqualTo("boxnow");
        assertThat(registration.getAttributes()).containsEntry("ShopId", "12");
    }

    @Test
    void theSameRegistrationAgainIsAcceptedAgainWithTheSameContent() throws Exception {
        String body = Registrations.registration("shp-1002", "ZU500011421GR");
        mvc.perform(register(STORE1_WRITER, body)).andExpect(status().isAccepted());
        mvc.perform(register(STORE1_WRITER, body)).andExpect(status().isAccepted());

        assertThat(sent(REGISTRATIONS)).extracting(r -> r.key()).containsExactly("shp-1002", "shp-1002");
        ShipmentRegistration first = registrations().get(0);
        ShipmentRegistration second = registrations().get(1);
        second.setRegisteredAt(first.getRegisteredAt());
        second.setUpdatedAt(first.getUpdatedAt());
        assertThat(second).isEqualTo(first);
    }

    @Test
    void putUpdatesTheShipmentNamedInThePath() throws Exception {
        String body = Registrations.registration("shp-1003", "ZU500011422GR").replace("\"shipmentId\": \"shp-1003\", ", "")
                .replace("\"polled\": true", "\"polled\": false");
        mvc.perform(put("/shipments/shp-1003").header("Authorization", "Bearer " + STORE1_WRITER)
                        .contentType(MediaType.APPLICATION_JSON).content(utf8(body)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.data.polled").value(false));

        assertThat(registrations()).singleElement().satisfies(r -> {
            assertThat(r.getShipmentId()).isEqualTo("shp-1003");
            assertThat(r.getPolled()).isFalse();
        });
    }

    @Test
    void putWithAnotherShipmentIdInTheBodyIs400() throws Exception {
        mvc.perform(put("/shipments/shp-1004").header("Authorization", "Bearer " + STORE1_WRITER)
                        .contentType(MediaType.APPLICATION_JSON).content(utf8(Registrations.registration("shp-9999", "ZU1"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("shipmentId"));
        assertThat(registrations()).isEmpty();
    }

    @Test
    void theTenantIsNeverTakenFromTheBody() throws Exception {
        String body = Registrations.registration("shp-1005", "ZU500011423GR").replace("{\"shipmentId\"", "{\"tenant\": \"store-2\", \"shipmentId\"");
        mvc.perform(register(STORE1_WRITER, body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("tenant"));

        mvc.perform(register(STORE2_WRITER, Registrations.registration("shp-1006", "ZU500011424GR"))).andExpect(status().isAccepted());
        assertThat(registrations()).singleElement().satisfies(r -> assertThat(r.getTenant()).isEqualTo("store-2"));
    }

    @Test
    void withoutAValidTokenIs401AndWithoutWriteScopeIs403() throws Exception {
        String body = Registrations.registration("shp-1007", "ZU500011425GR");
        mvc.perform(post("/shipments").contentType(MediaType.APPLICATION_JSON).content(utf8(body)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("authentication_required"));
        mvc.perform(register("app_not_a_token", body))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("invalid_token"));
        mvc.perform(register(STORE1_READER, body))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("insufficient_scope"));
        assertThat(registrations()).isEmpty();
    }

    @Test
    void invalidRegistrationsAre400NamingTheField() throws Exception {
        String valid = Registrations.registration("shp-1008", "ZU500011426GR");
        mvc.perform(register(STORE1_WRITER, valid.replace("\"provider\": \"shiplemon\"", "\"provider\": \"fedex-api\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("provider"));
        mvc.perform(register(STORE1_WRITER, valid.replace("\"orderId\": \"6640c1b2d4e5f60102030406\", ", "")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("missing_field"))
                .andExpect(jsonPath("$.field").value("orderId"));
        mvc.perform(register(STORE1_WRITER, valid.replace("\"polled\": true", "\"polled\": \"yes\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("invalid_field"))
                .andExpect(jsonPath("$.field").value("polled"));
        mvc.perform(register(STORE1_WRITER, valid.replace("{\"trackingNumber\": \"ZU500011426GR\", \"labelId\": \"17\"}", "{\"labelId\": \"17\"}")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("parcels[0].trackingNumber"));
        mvc.perform(register(STORE1_WRITER, "{\"shipmentId\": \"shp-1008\","))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("malformed_json"));
        mvc.perform(post("/shipments").header("Authorization", "Bearer " + STORE1_WRITER)
                        .contentType(MediaType.APPLICATION_XML).content("<shipment/>"))
                .andExpect(status().isUnsupportedMediaType());
        assertThat(registrations()).isEmpty();
    }

    @Test
    void kafkaUnavailableIs503WithRetryAfter() throws Exception {
        kafka.get().sendException = new TimeoutException("broker down");
        mvc.perform(register(STORE1_WRITER, Registrations.registration("shp-1009", "ZU500011427GR")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "7"));
    }
}
