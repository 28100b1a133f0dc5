package io.trackstream.processor.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.testing.Seeds;
import io.trackstream.processor.testing.Shipments;
import io.trackstream.web.ApiException;
import io.trackstream.web.WebSupportAutoConfiguration;

/**
 * The read API's HTTP layer against a stubbed {@link ShipmentStores}: authentication, scopes, tenant isolation,
 * the envelope, and forwarding to the owning instance (a WireMock standing in for it).
 */
@WebMvcTest(controllers = ShipmentController.class)
@ImportAutoConfiguration(WebSupportAutoConfiguration.class)
@Import(ShipmentControllerTest.Forwarding.class)
@TestPropertySource(properties = {
        "trackstream.security.app-tokens[0].token=app_athens_reader",
        "trackstream.security.app-tokens[0].tenant=store-athens",
        "trackstream.security.app-tokens[0].scopes=READ_SHIPPING",
        "trackstream.security.app-tokens[1].token=app_athens_writer",
        "trackstream.security.app-tokens[1].tenant=store-athens",
        "trackstream.security.app-tokens[1].scopes=WRITE_SHIPPING",
        "trackstream.security.app-tokens[2].token=app_thessaloniki_reader",
        "trackstream.security.app-tokens[2].tenant=store-thessaloniki",
        "trackstream.security.app-tokens[2].scopes=READ_SHIPPING",
        "trackstream.security.app-tokens[3].token=app_patras_reader",
        "trackstream.security.app-tokens[3].tenant=store-patras",
        "trackstream.security.app-tokens[3].scopes=READ_SHIPPING"})
class ShipmentControllerTest {

    private static final String ATHENS = "Bearer app_athens_reader";
    private static final String THESSALONIKI = "Bearer app_thessaloniki_reader";
    private static final String OTHER_TENANT = "Bearer app_patras_reader";
    private static final String SECRET = "forwarding-secret-shared-by-the-instances";

    @Autowired
    InstanceForwarder forwarder;
    private static final WireMockServer OTHER_INSTANCE = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ShipmentStores stores;

    private final Shipment athensShipment = Shipments.shipment("shp-1", "store-athens", "order-1", "ZU500011420GR");

    static class Forwarding {
        @Bean
        InstanceForwarder instanceForwarder() {
            // generous: the forwarding timeout must never decide an assertion on a busy machine
            return new InstanceForwarder(Duration.ofSeconds(30), SECRET, java.time.Clock.systemUTC());
        }
    }

    @BeforeAll
    static void startOtherInstance() {
        OTHER_INSTANCE.start();
    }

    @AfterAll
    static void stopOtherInstance() {
        OTHER_INSTANCE.stop();
    }

    @BeforeEach
    void ownedHere() {
        when(stores.ownerOfShipment(any())).thenReturn(Optional.empty());
        when(stores.ownerOfParcel(any())).thenReturn(Optional.empty());
        when(stores.otherInstances()).thenReturn(List.of());
        when(stores.localShipment("shp-1")).thenReturn(Optional.of(athensShipment));
        when(stores.localShipment("shp-unknown")).thenReturn(Optional.empty());
        OTHER_INSTANCE.resetAll();
    }

    @Test
    void withoutATokenTheAnswerIs401InTheEnvelope() throws Exception {
        mvc.perform(get("/v1/shipments/shp-1"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.success").value(false))
                .andExpect(jsonPath("$.message").value("Authentication required"))
                .andExpect(jsonPath("$.data").isEmpty());
        verify(stores, never()).localShipment(any());
    }

    @Test
    void anUnknownTokenIs401() throws Exception {
        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", "Bearer app_forged"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("invalid_token"));
    }

    @Test
    void aTokenWithoutReadShippingIs403() throws Exception {
        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", "Bearer app_athens_writer"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.type").value("insufficient_scope"));
        mvc.perform(get("/v1/shipments").param("orderId", "order-1").header("Authorization", "Bearer app_athens_writer"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/v1/parcels/elta/ZU500011420GR").header("Authorization", "Bearer app_athens_writer"))
                .andExpect(status().isForbidden());
    }

    @Test
    void theOwnersShipmentIsServedInTheEnvelopeWithItsHistoryVerbatim() throws Exception {
        // the shipment record carries the parcel's latest event; its whole history is in the parcel table
        ShipmentRegistration athens = Seeds.registration("shp-1", "elta", "shiplemon", "ZU500011420GR").build();
        when(stores.localParcel("elta:ZU500011420GR")).thenReturn(Optional.of(new ShipmentStores.OwnedParcel(
                Shipments.deliveredEltaParcel("ZU500011420GR"), List.of(athens))));

        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value(200))
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.data.id").value("shp-1"))
                .andExpect(jsonPath("$.data.status").value("DELIVERED"))
                .andExpect(jsonPath("$.data.deliveredAt").value("2024-07-15T10:02:00Z"))
                .andExpect(jsonPath("$.data.parcels[0].parcelKey").value("elta:ZU500011420GR"))
                .andExpect(jsonPath("$.data.parcels[0].history[1].carrierStatusText").value("ΠΡΟΣ ΠΑΡΑΔΟΣΗ"))
                .andExpect(jsonPath("$.data.parcels[0].history[1].status").value("OUT_FOR_DELIVERY"))
                .andExpect(jsonPath("$.data.parcels[0].history.length()").value(3));
        assertThat(athensShipment.getParcels().get(0).getHistory()).hasSize(1);
    }

    @Test
    void aParcelHeldHereThatTheCallersTenantHasNotClaimedShowsOnlyTheShipmentsOwnEntries() throws Exception {
        // the same rule as GET /v1/parcels and as the remote path's 404: only another tenant's shipment claims it yet
        ShipmentRegistration thessaloniki = Seeds.registration("shp-7", "elta", "shiplemon", "ZU500011420GR")
                .setTenant("store-thessaloniki").build();
        when(stores.localParcel("elta:ZU500011420GR")).thenReturn(Optional.of(new ShipmentStores.OwnedParcel(
                Shipments.deliveredEltaParcel("ZU500011420GR"), List.of(thessaloniki))));

        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.parcels[0].history.length()").value(1))
                .andExpect(jsonPath("$.data.parcels[0].history[0].carrierStatusText").value("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ"));
        mvc.perform(get("/v1/parcels/elta/ZU500011420GR").header("Authorization", ATHENS))
                .andExpect(status().isNotFound());
    }

    @Test
    void aShipmentsParcelHeldByAnotherInstanceGetsItsWholeHistoryFromItWithTheCallersToken() throws Exception {
        when(stores.ownerOfParcel("elta:ZU500011420GR")).thenReturn(Optional.of(new ShipmentStores.Instance("localhost", OTHER_INSTANCE.port())));
        OTHER_INSTANCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/v1/parcels/elta/ZU500011420GR"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("""
                                {"status":200,"success":true,"message":"Parcel","data":{"shipmentId":"shp-1","shipmentIds":["shp-1"],
                                 "parcel":{"parcelKey":"elta:ZU500011420GR","history":[
                                  {"eventKey":"k1","status":"IN_TRANSIT","reason":"NONE","provider":"shiplemon","source":"POLL",
                                   "carrierStatusCode":"TRANSIT","carrierStatusText":"ΑΠΟΣΤΟΛΗ ΣΕ ΚΑΤΑΣΤΗΜΑ","eventTime":"2024-07-14T08:00:00Z",
                                   "receivedTime":"2024-07-14T08:01:00Z","location":{"description":"ΑΘΗΝΑ","city":null,"postalCode":null,"countryCode":"GR"}},
                                  {"eventKey":"k2","status":"DELIVERED","reason":"NONE","provider":"shiplemon","source":"POLL",
                                   "carrierStatusCode":"DELIVERED","carrierStatusText":"ΠΑΡΑΔΟΘΗΚΕ","eventTime":"2024-07-15T10:02:00Z",
                                   "receivedTime":"2024-07-15T10:05:00Z","location":null}]}}}""")));

        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.parcels[0].status").value("DELIVERED"))
                .andExpect(jsonPath("$.data.parcels[0].history.length()").value(2))
                .andExpect(jsonPath("$.data.parcels[0].history[0].carrierStatusText").value("ΑΠΟΣΤΟΛΗ ΣΕ ΚΑΤΑΣΤΗΜΑ"))
                .andExpect(jsonPath("$.data.parcels[0].history[0].location.description").value("ΑΘΗΝΑ"))
                .andExpect(jsonPath("$.data.parcels[0].history[1].eventTime").value("2024-07-15T10:02:00Z"));
        OTHER_INSTANCE.verify(askedWithAthensTokenAndASignedMarker("/v1/parcels/elta/ZU500011420GR"));
        verify(stores, never()).localParcel("elta:ZU500011420GR");
    }

    @Test
    void aParcelHistoryTheOwnerCannotGiveNowIs503AndOneItDoesNotShowTheCallerIsTheShipmentsOwn() throws Exception {
        when(stores.ownerOfParcel("elta:ZU500011420GR")).thenReturn(Optional.of(new ShipmentStores.Instance("localhost", OTHER_INSTANCE.port())));
        OTHER_INSTANCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/v1/parcels/elta/ZU500011420GR"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":503,\"success\":false,\"type\":\"state_unavailable\"}")));
        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"));

        OTHER_INSTANCE.resetAll();
        OTHER_INSTANCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/v1/parcels/elta/ZU500011420GR"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":404,\"success\":false,\"type\":\"not_found\"}")));
        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.parcels[0].history.length()").value(1))
                .andExpect(jsonPath("$.data.parcels[0].history[0].carrierStatusText").value("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ"));
    }

    @Test
    void anotherTenantsShipmentIs404AndShowsNothingOfIt() throws Exception {
        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", THESSALONIKI))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.type").value("not_found"))
                .andExpect(jsonPath("$.data").isEmpty())
                .andExpect(content().string(not(containsString("ZU500011420GR"))))
                .andExpect(content().string(not(containsString("order-1"))));
    }

    @Test
    void anUnknownShipmentIs404() throws Exception {
        mvc.perform(get("/v1/shipments/shp-unknown").header("Authorization", ATHENS))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("not_found"));
    }

    @Test
    void shipmentsOfAnOrderAreLookedUpForTheCallersTenantOnly() throws Exception {
        when(stores.localShipmentsOfOrder("store-athens", "order-1")).thenReturn(List.of(athensShipment));
        when(stores.localShipmentsOfOrder("store-thessaloniki", "order-1")).thenReturn(List.of());

        mvc.perform(get("/v1/shipments").param("orderId", "order-1").header("Authorization", ATHENS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].id").value("shp-1"));
        mvc.perform(get("/v1/shipments").param("orderId", "order-1").header("Authorization", THESSALONIKI))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data").isEmpty());
    }

    @Test
    void aParcelIsServedOnlyToTheTenantsWhoseShipmentsClaimItEachWithItsOwnShipmentsAndLabel() throws Exception {
        ShipmentRegistration athens = Seeds.registration("shp-1", "elta", "shiplemon", "ZU500011420GR").build();
        ShipmentRegistration thessaloniki = Seeds.registration("shp-7", "elta", "shiplemon", "ZU500011420GR")
                .setTenant("store-thessaloniki").setParcels(List.of(io.trackstream.avro.RegisteredParcel.newBuilder()
                        .setTrackingNumber("ZU500011420GR").setLabelId("their-label").build())).build();
        ShipmentStores.OwnedParcel parcel = new ShipmentStores.OwnedParcel(Shipments.deliveredEltaParcel("ZU500011420GR"), List.of(athens, thessaloniki));
        when(stores.localParcel("elta:ZU500011420GR")).thenReturn(Optional.of(parcel));
        when(stores.localParcel("elta:UNCLAIMED")).thenReturn(Optional.of(new ShipmentStores.OwnedParcel(parcel.parcel(), List.of())));

        mvc.perform(get("/v1/parcels/ELTA/ZU500011420GR").header("Authorization", ATHENS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.shipmentId").value("shp-1"))
                .andExpect(jsonPath("$.data.shipmentIds.length()").value(1))
                .andExpect(jsonPath("$.data.parcel.labelId").value("label-ZU500011420GR"))
                .andExpect(jsonPath("$.data.parcel.history.length()").value(3));
        mvc.perform(get("/v1/parcels/elta/ZU500011420GR").header("Authorization", THESSALONIKI))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.shipmentId").value("shp-7"))
                .andExpect(jsonPath("$.data.shipmentIds.length()").value(1))
                .andExpect(jsonPath("$.data.parcel.labelId").value("their-label"));
        mvc.perform(get("/v1/parcels/elta/ZU500011420GR").header("Authorization", OTHER_TENANT))
                .andExpect(status().isNotFound());
        mvc.perform(get("/v1/parcels/elta/UNCLAIMED").header("Authorization", ATHENS))
                .andExpect(status().isNotFound());
    }

    @Test
    void whileStateIsRestoredTheAnswerIs503WithRetryAfter() throws Exception {
        when(stores.ownerOfShipment("shp-1")).thenThrow(ApiException.unavailable("state_unavailable", "Shipment state is being restored", 1));

        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("state_unavailable"));
    }

    @Test
    void aShipmentOwnedByAnotherInstanceIsAnsweredByItWithTheCallersTokenAndASignedMarker() throws Exception {
        when(stores.ownerOfShipment("shp-9")).thenReturn(Optional.of(new ShipmentStores.Instance("localhost", OTHER_INSTANCE.port())));
        OTHER_INSTANCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/v1/shipments/shp-9")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":200,\"success\":true,\"message\":\"Shipment\",\"data\":{\"id\":\"shp-9\"}}")));

        mvc.perform(get("/v1/shipments/shp-9").header("Authorization", ATHENS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.id").value("shp-9"));
        OTHER_INSTANCE.verify(askedWithAthensTokenAndASignedMarker("/v1/shipments/shp-9"));
        verify(stores, never()).localShipment("shp-9");
    }

    @Test
    void aClientCannotForgeTheForwardedMarkerToForceALocalAnswer() throws Exception {
        when(stores.ownerOfShipment("shp-1")).thenReturn(Optional.of(new ShipmentStores.Instance("localhost", OTHER_INSTANCE.port())));
        OTHER_INSTANCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/v1/shipments/shp-1")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":200,\"success\":true,\"message\":\"Shipment\",\"data\":{\"id\":\"shp-1\"}}")));

        // a marker of the old form, and one signed with another secret: both ignored, the request goes to the owner
        for (String forged : List.of("true", new InstanceForwarder(Duration.ofSeconds(1), "guessed", java.time.Clock.systemUTC())
                .markerFor("/v1/shipments/shp-1"))) {
            mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS).header(InstanceForwarder.FORWARDED, forged))
                    .andExpect(status().isOk());
        }
        OTHER_INSTANCE.verify(2, getRequestedFor(urlEqualTo("/v1/shipments/shp-1")));
        verify(stores, never()).localShipment("shp-1");
    }

    @Test
    void aForwardedRequestForAKeyThatMovedOnIsA503NeverAFalse404() throws Exception {
        // the sender thought this instance owned shp-1; by now the metadata says another one does
        when(stores.ownerOfShipment("shp-1")).thenReturn(Optional.of(new ShipmentStores.Instance("localhost", OTHER_INSTANCE.port())));

        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS)
                        .header(InstanceForwarder.FORWARDED, forwarder.markerFor("/v1/shipments/shp-1")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("state_moving"));
        OTHER_INSTANCE.verify(0, getRequestedFor(urlEqualTo("/v1/shipments/shp-1")));
    }

    @Test
    void aForwardedRequestForAKeyOwnedHereIsAnsweredLocally() throws Exception {
        when(stores.ownerOfShipment("shp-1")).thenReturn(Optional.empty());
        when(stores.localShipment("shp-1")).thenReturn(Optional.of(athensShipment));

        mvc.perform(get("/v1/shipments/shp-1").header("Authorization", ATHENS)
                        .header(InstanceForwarder.FORWARDED, forwarder.markerFor("/v1/shipments/shp-1")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.id").value("shp-1"));
    }

    @Test
    void trackingNumbersWithSpacesPercentSlashesAndGreekSurviveForwarding() throws Exception {
        String trackingNumber = "AB %/Ω 7";
        when(stores.ownerOfParcel("elta:" + trackingNumber))
                .thenReturn(Optional.of(new ShipmentStores.Instance("localhost", OTHER_INSTANCE.port())));
        String encoded = "/v1/parcels/elta/AB%20%25%2F%CE%A9%207";
        OTHER_INSTANCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo(encoded))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":200,\"success\":true,\"message\":\"Parcel\",\"data\":{}}")));

        mvc.perform(get(java.net.URI.create(encoded)).header("Authorization", ATHENS))
                .andExpect(status().isOk());
        // the owner is asked for exactly the path the caller sent: no double encoding (%2520), no decoded slash
        OTHER_INSTANCE.verify(1, getRequestedFor(urlEqualTo(encoded)));
    }

    @Test
    void shipmentsOfAnOrderAreGatheredFromEveryInstance() throws Exception {
        when(stores.localShipmentsOfOrder("store-athens", "order-1")).thenReturn(List.of(athensShipment));
        when(stores.otherInstances()).thenReturn(List.of(new ShipmentStores.Instance("localhost", OTHER_INSTANCE.port())));
        OTHER_INSTANCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/v1/shipments?orderId=order-1"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":200,\"success\":true,\"message\":\"x\",\"data\":[{\"id\":\"shp-2\"}]}")));

        // the query as a caller's URL carries it (the forwarded request repeats it as sent)
        mvc.perform(get(java.net.URI.create("/v1/shipments?orderId=order-1")).header("Authorization", ATHENS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.length()").value(2))
                .andExpect(jsonPath("$.data[1].id").value("shp-2"));
    }

    @Test
    void anUnreachableOwnerIs503() throws Exception {
        when(stores.ownerOfShipment("shp-9")).thenReturn(Optional.of(new ShipmentStores.Instance("localhost", 1)));

        mvc.perform(get("/v1/shipments/shp-9").header("Authorization", ATHENS))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("owner_unreachable"));
    }

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder askedWithAthensTokenAndASignedMarker(String path) {
        return getRequestedFor(urlEqualTo(path))
                .withHeader("Authorization", equalTo(ATHENS))
                .withHeader(InstanceForwarder.FORWARDED, com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9]+\\.[0-9a-f]{64}"));
    }
}
