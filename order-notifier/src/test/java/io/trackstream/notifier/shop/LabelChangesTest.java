package io.trackstream.notifier.shop;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.fixtures.InMemoryShopVersions;
import io.trackstream.notifier.fixtures.TestSettings;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.OrderSystemCaller;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.MockSchemaRegistry;
import io.trackstream.serde.SpecificAvroSerializer;

/**
 * Labels follow their parcels on the shop platform: a label change that left the shipment's status as it was
 * (the 2nd of 3 parcels delivered) is put like a status change, through the listener of both topics, and no update
 * older than the one the shop has is ever sent, whichever topic it comes from.
 */
class LabelChangesTest {

    private static final String STATUS_CHANGES = "shipments.status-changes.v1";
    private static final String PARCEL_CHANGES = "shipments.parcel-changes.v1";

    @RegisterExtension
    static WireMockExtension shop = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final String scope = "label-changes-" + UUID.randomUUID();
    private final InMemoryShopVersions versions = new InMemoryShopVersions();
    private SimpleMeterRegistry registry;
    private ShopUpdateListener listener;
    private long offset;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        NotifierMetrics metrics = new NotifierMetrics(registry);
        NotifierProperties properties = TestSettings.properties(Map.of(
                "acme", new NotifierProperties.Tenant(null, TestSettings.shop(shop.baseUrl()))));
        StatusChangeNotifier notifier = new StatusChangeNotifier(properties,
                new ShopPlatformClient(TestSettings.restClient(properties), new OrderSystemCaller(metrics)), versions, metrics);
        listener = ShopUpdateListener.of("mock://" + scope, notifier, TestSettings.gate(metrics), metrics);
        shop.stubFor(put("/v1/Orders/2001/Shipments").willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void theSecondOfThreeLabelsDeliveredIsPutWhileTheShipmentStaysPartiallyDelivered() {
        // Given the shop was told the shipment became partially delivered (1 of 3 labels)
        Shipment firstDelivered = Fixtures.threeLabels("acme", "2001", 1, 7);
        deliver(STATUS_CHANGES, Fixtures.change(firstDelivered, ShipmentStatus.OUT_FOR_DELIVERY).build());

        // When the second label is delivered: a parcel change, the shipment's status stays
        Shipment secondDelivered = Fixtures.threeLabels("acme", "2001", 2, 8);
        deliver(PARCEL_CHANGES, Fixtures.labelDelivered(secondDelivered, secondDelivered.getParcels().get(1), false).build());

        // Then the shop has that label delivered too, under the version's change id
        shop.verify(1, putRequestedFor(urlEqualTo("/v1/Orders/2001/Shipments"))
                .withHeader("Idempotency-Key", equalTo("shp-2001:8"))
                .withRequestBody(equalToJson("""
                        {"ShipmentStatusId": 8, "ShipmentStatus": "Partiallydelivered", "SynchronizeShippingLabels": true,
                         "ShippingLabels": [
                           {"Id": 11, "TrackingCode": "1190953890", "DeliveryStatusId": 4},
                           {"Id": 12, "TrackingCode": "2338891501", "DeliveryStatusId": 4,
                            "LastCarrierStatus": "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ"},
                           {"Id": 13, "TrackingCode": "3417725302", "DeliveryStatusId": 3}
                         ]}""", true, true)));
        shop.verify(2, putRequestedFor(urlEqualTo("/v1/Orders/2001/Shipments")));
        assertThat(versions.of("shp-2001")).isEqualTo(8L);
    }

    @Test
    void anUpdateOlderThanTheLabelChangeTheShopHasIsNeverSentFromEitherTopicOrAReplay() {
        // Given the shop has version 8 from a label change
        Shipment secondDelivered = Fixtures.threeLabels("acme", "2001", 2, 8);
        deliver(PARCEL_CHANGES, Fixtures.labelDelivered(secondDelivered, secondDelivered.getParcels().get(1), false).build());

        // When version 7's status change is read after it (the topics are read independently), and an older label
        // change comes back as a replayed dead letter
        Shipment firstDelivered = Fixtures.threeLabels("acme", "2001", 1, 7);
        deliver(STATUS_CHANGES, Fixtures.change(firstDelivered, ShipmentStatus.OUT_FOR_DELIVERY).build());
        Shipment olderLabel = Fixtures.threeLabels("acme", "2001", 1, 6);
        deliver("orders.notifier.replay.v1", Fixtures.labelDelivered(olderLabel, olderLabel.getParcels().get(0), false).build());

        // Then neither is sent: the shop keeps version 8
        shop.verify(1, putRequestedFor(urlEqualTo("/v1/Orders/2001/Shipments")));
        shop.verify(1, putRequestedFor(urlEqualTo("/v1/Orders/2001/Shipments")).withHeader("Idempotency-Key", equalTo("shp-2001:8")));
        assertThat(versions.of("shp-2001")).isEqualTo(8L);
        assertThat(skipped("older_than_applied")).isEqualTo(2.0);
    }

    @Test
    void aReplayedLabelChangeIsReadAsOneWhateverTopicItArrivesOn() {
        Shipment secondDelivered = Fixtures.threeLabels("acme", "2001", 2, 8);

        deliver("orders.notifier.replay.v1", Fixtures.labelDelivered(secondDelivered, secondDelivered.getParcels().get(1), false).build());

        shop.verify(1, putRequestedFor(urlEqualTo("/v1/Orders/2001/Shipments")).withHeader("Idempotency-Key", equalTo("shp-2001:8")));
    }

    @Test
    void aLabelChangeThatAlsoChangedTheShipmentsStatusIsSentOnceByItsStatusChange() {
        // The first label delivered made the shipment partially delivered: both topics carry version 7
        Shipment firstDelivered = Fixtures.threeLabels("acme", "2001", 1, 7);

        deliver(STATUS_CHANGES, Fixtures.change(firstDelivered, ShipmentStatus.OUT_FOR_DELIVERY).build());
        deliver(PARCEL_CHANGES, Fixtures.labelDelivered(firstDelivered, firstDelivered.getParcels().get(0), true).build());

        shop.verify(1, putRequestedFor(urlEqualTo("/v1/Orders/2001/Shipments")).withHeader("Idempotency-Key", equalTo("shp-2001:7")));
        assertThat(skipped("sent_as_status_change")).isEqualTo(1.0);
    }

    private void deliver(String topic, SpecificRecord value) {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);
        // The replay topic carries bytes written for the original topic, under its subject
        String writtenFor = topic.startsWith("orders.notifier.") ? PARCEL_CHANGES : topic;
        listener.onMessage(new ConsumerRecord<>(topic, 0, offset++, "shp-2001", serializer.serialize(writtenFor, value)));
    }

    private double skipped(String reason) {
        var counter = registry.find(NotifierMetrics.SKIPPED).tags("target", "shop", "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
