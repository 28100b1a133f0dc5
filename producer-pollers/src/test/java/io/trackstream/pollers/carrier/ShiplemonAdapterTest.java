package io.trackstream.pollers.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.carriers.fixtures.ShiplemonBothWays;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.support.PollerKit;
import io.trackstream.pollers.support.ProviderSettings;
import io.trackstream.pollers.support.Seeds;
import io.trackstream.serde.MockSchemaRegistry;
import io.trackstream.serde.SpecificAvroSerde;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShiplemonAdapterTest {

    @RegisterExtension
    static WireMockExtension shiplemon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant NOW = Instant.parse("2024-07-15T10:35:00Z");
    private static final String SCOPE = "shiplemon-adapter-test";

    private PollerKit kit(ProviderSettings settings) {
        return new PollerKit(Clock.fixed(NOW, ZoneOffset.UTC),
                Map.of("shiplemon", settings.account(shiplemon.baseUrl(), "sk_test_123", null, null, null).build()));
    }

    private static PollRequest request(String shipmentId) {
        return new PollRequest("shiplemon", shipmentId, null, List.of(ParcelKey.of("elta", "tracking_ref")));
    }

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void publishes_every_history_entry_with_the_greek_text_and_the_whole_answer_byte_for_byte() {
        byte[] seed = Seeds.bytes("shiplemon-tracking-200.json");
        shiplemon.stubFor(get("/public/v1/shipments/be96511d/tracking")
                .withHeader("x-api-key", equalTo("sk_test_123"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(seed)));
        PollerKit kit = kit(ProviderSettings.provider());

        kit.poller.poll(request("be96511d"), EventSource.POLL);

        List<ProducerRecord<String, RawTrackingEvent>> published = kit.published();
        assertThat(published).hasSize(3);
        assertThat(published).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo(PollerKit.RAW_TOPIC);
            assertThat(r.key()).isEqualTo("elta:tracking_ref");
            RawTrackingEvent e = r.value();
            assertThat(e.getProvider()).isEqualTo("shiplemon");
            assertThat(e.getSource()).isEqualTo(EventSource.POLL);
            assertThat(e.getCarrier()).isEqualTo("elta");
            assertThat(e.getTrackingNumber()).isEqualTo("tracking_ref");
            assertThat(e.getCarrierName()).isEqualTo("ELTA Courier");
            assertThat(e.getTrackingUrl()).isEqualTo("tracking_url");
            assertThat(e.getProviderReference()).isEqualTo("be96511d");
            assertThat(e.getReceivedTime()).isEqualTo(NOW);
            assertThat(e.getAttributes()).containsEntry("service_code", "elta_courier_porta_porta")
                    .containsEntry("country_from", "GR").containsEntry("country_to", "GR");
            assertThat(bytes(e.getRawPayload())).isEqualTo(seed);
        });
        RawTrackingEvent delivered = published.get(0).value();
        assertThat(delivered.getCarrierStatusCode()).isEqualTo("DELIVERED");
        assertThat(delivered.getCarrierSubstatus()).isNull();
        assertThat(delivered.getEventTime()).isEqualTo(Instant.parse("2024-07-15T10:02:00Z"));
        assertThat(delivered.getCarrierStatusText().getBytes(StandardCharsets.UTF_8))
                .isEqualTo("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ".getBytes(StandardCharsets.UTF_8));
        RawTrackingEvent transit = published.get(1).value();
        assertThat(transit.getCarrierStatusCode()).isEqualTo("TRANSIT");
        assertThat(transit.getCarrierSubstatus()).isEqualTo("WITH_COURIER");
        assertThat(transit.getCarrierStatusText()).isEqualTo("ΠΡΟΣ ΠΑΡΑΔΟΣΗ");
        assertThat(published.get(2).value().getCarrierStatusText()).isEqualTo("ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ");
        assertThat(published.get(2).value().getEventTime()).isEqualTo(Instant.parse("2024-07-12T14:17:00Z"));
        assertThat(kit.count(PollMetrics.POLLS, "provider", "shiplemon", "outcome", "ok", "source", "poll")).isEqualTo(1);
        assertThat(kit.count(PollMetrics.EVENTS_PUBLISHED, "provider", "shiplemon", "source", "poll")).isEqualTo(3);
        assertThat(kit.meters.find(PollMetrics.POLL_LATENCY).tags("provider", "shiplemon", "outcome", "ok").timer().count()).isEqualTo(1);
    }

    /** The polled half of ShiplemonBothWays; the pushed half is webhook-ingest's WebhookEndpointsTest. */
    @Test
    void a_polled_tracking_gets_the_parcel_key_and_events_it_gets_when_pushed() {
        // Given Shiplemon answers with the tracking webhook-ingest receives in its test, whose carrier.code is not its driver
        shiplemon.stubFor(get("/public/v1/shipments/" + ShiplemonBothWays.SHIPMENT_ID + "/tracking")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(ShiplemonBothWays.body())));
        PollerKit kit = kit(ProviderSettings.provider());

        // When the registered parcel is polled
        kit.poller.poll(new PollRequest("shiplemon", ShiplemonBothWays.SHIPMENT_ID, null,
                List.of(ParcelKey.parse(ShiplemonBothWays.PARCEL_KEY))), EventSource.POLL);

        // Then it is the same parcel with the same events as when pushed
        assertThat(kit.published()).extracting(ProducerRecord::key).containsOnly(ShiplemonBothWays.PARCEL_KEY);
        assertThat(ShiplemonBothWays.factsOf(kit.published().stream().map(ProducerRecord::value).toList()))
                .isEqualTo(ShiplemonBothWays.EXPECTED);
    }

    @Test
    void the_greek_text_and_raw_payload_survive_the_avro_wire_format() {
        shiplemon.stubFor(get("/public/v1/shipments/be96511d/tracking")
                .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        PollerKit kit = kit(ProviderSettings.provider());
        kit.poller.poll(request("be96511d"), EventSource.POLL);
        RawTrackingEvent sent = kit.published().get(0).value();

        var serde = SpecificAvroSerde.of(RawTrackingEvent.class, Map.of("schema.registry.url", "mock://" + SCOPE), false);
        RawTrackingEvent read = serde.deserializer().deserialize("tracking.raw.v1",
                serde.serializer().serialize("tracking.raw.v1", sent));

        assertThat(read.getCarrierStatusText().getBytes(StandardCharsets.UTF_8))
                .isEqualTo("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(read.getRawPayload())).isEqualTo(Seeds.bytes("shiplemon-tracking-200.json"));
    }

    @Test
    void a_multi_piece_answer_without_a_carrier_object_uses_the_driver_and_keeps_label_and_child_vouchers() {
        shiplemon.stubFor(get("/public/v1/shipments/60476d7500e47cb69693a202/tracking")
                .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-multi-piece.json"))));
        PollerKit kit = kit(ProviderSettings.provider());

        kit.poller.poll(new PollRequest("shiplemon", "60476d7500e47cb69693a202", null, List.of()), EventSource.POLL);

        assertThat(kit.published()).hasSize(4).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("dhl:1190953890");
            assertThat(r.value().getProviderReference()).isEqualTo("60476d7500e47cb69693a202");
            assertThat(r.value().getChildParcels()).singleElement().satisfies(c -> {
                assertThat(c.getTrackingNumber()).isEqualTo("2338891501");
                assertThat(c.getTrackingUrl()).isNull();
                assertThat(c.getLabelUrl()).isEqualTo("https://static.shiplemon.com/sandbox/labels/boxnow/2338891501.pdf");
            });
            assertThat(r.value().getLabelUrl()).isNotBlank();
        });
        assertThat(kit.published()).extracting(r -> r.value().getCarrierStatusText())
                .containsExactly("ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ", "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ", "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ",
                        "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ");
        assertThat(kit.published()).extracting(r -> r.value().getEventTime())
                .contains(Instant.parse("2023-11-20T00:00:02.195Z"));
    }

    @Test
    void a_refused_api_key_is_a_4xx_failure_that_publishes_nothing_and_is_not_retried() {
        shiplemon.stubFor(get("/public/v1/shipments/be96511d/tracking")
                .willReturn(aResponse().withStatus(401).withBody("{\"status\":\"error\",\"message\":\"Invalid API key\"}")));
        PollerKit kit = kit(ProviderSettings.provider());

        assertThatThrownBy(() -> kit.poller.poll(request("be96511d"), EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CarrierFailure.CLIENT_ERROR);
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.carrierMessage()).isEqualTo("Invalid API key");
                });
        assertThat(kit.published()).isEmpty();
        shiplemon.verify(1, getRequestedFor(urlEqualTo("/public/v1/shipments/be96511d/tracking")));
        assertThat(kit.count(PollMetrics.POLLS, "provider", "shiplemon", "outcome", "4xx")).isEqualTo(1);
    }

    @Test
    void an_answer_slower_than_the_read_timeout_is_a_timeout() {
        shiplemon.stubFor(get("/public/v1/shipments/slow/tracking")
                .willReturn(aResponse().withStatus(200).withFixedDelay(2_000).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        PollerKit kit = kit(ProviderSettings.provider().readTimeout(Duration.ofMillis(300)).retry(1, Duration.ofMillis(10), Duration.ofSeconds(1)));

        assertThatThrownBy(() -> kit.poller.poll(request("slow"), EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> assertThat(e.failure()).isEqualTo(CarrierFailure.TIMEOUT));
        assertThat(kit.count(PollMetrics.POLLS, "provider", "shiplemon", "outcome", "timeout")).isEqualTo(1);
        assertThat(kit.published()).isEmpty();
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
