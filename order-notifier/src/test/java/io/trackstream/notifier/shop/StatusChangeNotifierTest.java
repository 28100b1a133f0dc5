package io.trackstream.notifier.shop;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.fixtures.InMemoryShopVersions;
import io.trackstream.notifier.fixtures.TestSettings;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.AvroOrderConverter;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.OrderSystemCaller;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.RetryableFailure;

/** The shop-platform PUT as the notifier sends it, and what its answers mean, against WireMock. */
class StatusChangeNotifierTest {

    @RegisterExtension
    static WireMockExtension shop = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private SimpleMeterRegistry registry;
    private StatusChangeNotifier notifier;
    private final InMemoryShopVersions versions = new InMemoryShopVersions();

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        NotifierMetrics metrics = new NotifierMetrics(registry);
        NotifierProperties properties = TestSettings.properties(Map.of(
                "acme", new NotifierProperties.Tenant(null, TestSettings.shop(shop.baseUrl())),
                "fallback", new NotifierProperties.Tenant(null,
                        new NotifierProperties.Shop(true, java.net.URI.create(shop.baseUrl()), "Basic c2hvcDpzZWNyZXQ=", 81L, 91L)),
                "carriyo-only", new NotifierProperties.Tenant(TestSettings.carriyo("http://localhost:1"), null)));
        notifier = new StatusChangeNotifier(properties,
                new ShopPlatformClient(TestSettings.restClient(properties), new OrderSystemCaller(metrics)), versions, metrics);
    }

    @Test
    void deliveredShipmentIsPutWithEveryLabelAndTheChangeIdAsIdempotencyKey() {
        shop.stubFor(put("/v1/Orders/1001/Shipments").willReturn(aResponse().withStatus(200)));

        notifier.notify(AvroOrderConverter.shipmentChange(Fixtures.delivered("acme", "1001").build()));

        shop.verify(1, putRequestedFor(urlEqualTo("/v1/Orders/1001/Shipments"))
                .withHeader("Authorization", equalTo("Bearer shop-token-acme"))
                .withHeader("Idempotency-Key", equalTo("shp-1001:7"))
                .withRequestBody(equalToJson("""
                        {
                          "SynchronizeParameters": false,
                          "SynchronizeShippingLabels": true,
                          "LastCarrierUpdate": "2024-07-15T10:05:12Z",
                          "CarrierName": "ELTA Courier",
                          "ShipperTrackingUrl": "https://www.elta-courier.gr/search?br=1190953890",
                          "DeliveredDate": "2024-07-15T10:02:00Z",
                          "ShippingLabels": [
                            {"Id": 11, "TrackingCode": "1190953890", "DeliveryStatusId": 4,
                             "DeliveredDate": "2024-07-15T10:02:00Z", "LastCarrierUpdate": "2024-07-15T10:05:12Z",
                             "LastCarrierStatus": "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ"},
                            {"Id": 12, "TrackingCode": "2338891501", "DeliveryStatusId": 4,
                             "DeliveredDate": "2024-07-15T10:02:00Z", "LastCarrierUpdate": "2024-07-15T10:05:12Z",
                             "LastCarrierStatus": "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ"}
                          ],
                          "Id": 5,
                          "TrackingCode": "1190953890",
                          "CreateTimestamp": "2024-07-12T14:17:00Z",
                          "ShopId": 8,
                          "OrderId": 1001,
                          "CarrierAccountId": 9,
                          "ShipmentStatusId": 4,
                          "ShipmentStatus": "Delivered",
                          "IsReturn": false
                        }""")));
        assertThat(registry.get(NotifierMetrics.CALLS).tag("target", "shop").tag("outcome", "ok").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void partiallyDeliveredShipmentHasNoDeliveredDateButItsDeliveredLabelHas() {
        shop.stubFor(put("/v1/Orders/1002/Shipments").willReturn(aResponse().withStatus(200)));
        Shipment shipment = Fixtures.shipment("acme", "1002", ShipmentStatus.PARTIALLY_DELIVERED,
                Fixtures.parcel("1190953890", "11", CanonicalStatus.DELIVERED).build(),
                Fixtures.parcel("2338891501", null, CanonicalStatus.OUT_FOR_DELIVERY).build()).build();

        notifier.notify(AvroOrderConverter.shipmentChange(Fixtures.change(shipment, ShipmentStatus.OUT_FOR_DELIVERY).build()));

        String sent = shop.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(JsonMapper.builder().build().readTree(sent).has("DeliveredDate")).isFalse();
        shop.verify(putRequestedFor(urlEqualTo("/v1/Orders/1002/Shipments")).withRequestBody(equalToJson("""
                {"ShipmentStatusId": 8, "ShipmentStatus": "Partiallydelivered",
                 "ShippingLabels": [
                   {"Id": 11, "TrackingCode": "1190953890", "DeliveryStatusId": 4, "DeliveredDate": "2024-07-15T10:02:00Z"},
                   {"TrackingCode": "2338891501", "DeliveryStatusId": 3, "LastCarrierStatus": "ΠΡΟΣ ΠΑΡΑΔΟΣΗ"}
                 ]}""", true, true)));
    }

    @Test
    void idsMissingFromTheAttributesComeFromTheTenantsConfiguration() {
        shop.stubFor(put("/v1/Orders/1003/Shipments").willReturn(aResponse().withStatus(200)));
        Shipment shipment = Fixtures.shipment("fallback", "1003", ShipmentStatus.IN_TRANSIT,
                Fixtures.parcel("1190953890", "11", CanonicalStatus.IN_TRANSIT).build())
                .setAttributes(Map.of("shop.shipmentId", "55")).build();

        notifier.notify(AvroOrderConverter.shipmentChange(Fixtures.change(shipment, ShipmentStatus.PICKED_UP).build()));

        shop.verify(putRequestedFor(urlEqualTo("/v1/Orders/1003/Shipments"))
                .withHeader("Authorization", equalTo("Basic c2hvcDpzZWNyZXQ="))
                .withRequestBody(equalToJson("""
                        {"Id": 55, "ShopId": 81, "CarrierAccountId": 91, "OrderId": 1003, "ShipmentStatusId": 3,
                         "ShipmentStatus": "Shipping"}""", true, true)));
    }

    @Test
    void aShipmentWithoutANumericOrderIdCannotBeSentAndIsPermanent() {
        Shipment shipment = Fixtures.shipment("acme", "SO-77", ShipmentStatus.IN_TRANSIT,
                Fixtures.parcel("1190953890", "11", CanonicalStatus.IN_TRANSIT).build()).build();

        assertThatThrownBy(() -> notifier.notify(AvroOrderConverter.shipmentChange(
                Fixtures.change(shipment, ShipmentStatus.PICKED_UP).build())))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> {
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.INVALID_RECORD);
                    assertThat(f.getMessage()).contains("OrderId").contains("shop.orderId");
                });
        assertThat(shop.getAllServeEvents()).isEmpty();
    }

    @Test
    void tenantsWithoutTheShopPlatformAreSkipped() {
        notifier.notify(AvroOrderConverter.shipmentChange(Fixtures.delivered("carriyo-only", "1004").build()));
        notifier.notify(AvroOrderConverter.shipmentChange(Fixtures.delivered("unknown-tenant", "1005").build()));

        assertThat(shop.getAllServeEvents()).isEmpty();
        assertThat(registry.get(NotifierMetrics.SKIPPED).tag("target", "shop").counter().count()).isEqualTo(2.0);
    }

    @Test
    void answersAreClassifiedLikeCarriyos() {
        shop.stubFor(put("/v1/Orders/1006/Shipments").willReturn(aResponse().withStatus(404)));
        shop.stubFor(put("/v1/Orders/1007/Shipments").willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> notifier.notify(AvroOrderConverter.shipmentChange(Fixtures.delivered("acme", "1006").build())))
                .isInstanceOfSatisfying(PermanentFailure.class,
                        f -> assertThat(f.deadLetterReason()).isEqualTo(FailureReason.CLIENT_ERROR));
        assertThatThrownBy(() -> notifier.notify(AvroOrderConverter.shipmentChange(Fixtures.delivered("acme", "1007").build())))
                .isInstanceOfSatisfying(RetryableFailure.class,
                        f -> assertThat(f.outcome()).isEqualTo(CallOutcome.SERVER_ERROR));
    }

    @Test
    void aChangeOlderThanTheOneTheShopHasIsNotSentSoTheShopIsNeverRolledBack() {
        shop.stubFor(put("/v1/Orders/1010/Shipments").willReturn(aResponse().withStatus(200)));
        var delivered = Fixtures.delivered("acme", "1010").build();
        var older = Fixtures.change(Fixtures.shipment("acme", "1010", io.trackstream.avro.ShipmentStatus.OUT_FOR_DELIVERY,
                Fixtures.parcel("1190953890", "11", io.trackstream.avro.CanonicalStatus.OUT_FOR_DELIVERY).build()).setVersion(6).build(),
                io.trackstream.avro.ShipmentStatus.IN_TRANSIT).build();

        notifier.notify(AvroOrderConverter.shipmentChange(delivered));
        notifier.notify(AvroOrderConverter.shipmentChange(older));

        shop.verify(1, putRequestedFor(urlEqualTo("/v1/Orders/1010/Shipments")));
        shop.verify(0, putRequestedFor(urlEqualTo("/v1/Orders/1010/Shipments")).withHeader("Idempotency-Key", equalTo("shp-1010:6")));
        assertThat(versions.of("shp-1010")).isEqualTo(7L);
        assertThat(registry.find(NotifierMetrics.SKIPPED).tags("target", "shop", "reason", "older_than_applied").counter().count())
                .isEqualTo(1);
        // the same change again (a retry) is still sent: its idempotency key makes it harmless
        notifier.notify(AvroOrderConverter.shipmentChange(delivered));
        shop.verify(2, putRequestedFor(urlEqualTo("/v1/Orders/1010/Shipments")));
    }
}
