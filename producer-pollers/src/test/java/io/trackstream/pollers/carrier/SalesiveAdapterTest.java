package io.trackstream.pollers.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.support.PollerKit;
import io.trackstream.pollers.support.ProviderSettings;
import io.trackstream.pollers.support.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SalesiveAdapterTest {

    @RegisterExtension
    static WireMockExtension salesive = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String ORDER = "6640c1b2d4e5f60102030406";
    private static final Instant NOW = Instant.parse("2026-06-28T11:05:00Z");

    private PollerKit kit() {
        return new PollerKit(Clock.fixed(NOW, ZoneOffset.UTC), Map.of("salesive",
                ProviderSettings.provider().account(salesive.baseUrl() + "/api/v1", null, null, null, "app_live_123").build()));
    }

    private void answer(int status, String seed) {
        salesive.stubFor(get(urlPathEqualTo("/api/v1/shipping/shipments/sync"))
                .withQueryParam("orderId", equalTo(ORDER))
                .withHeader("Authorization", equalTo("Bearer app_live_123"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(Seeds.bytes(seed))));
    }

    @Test
    void the_current_status_becomes_one_event_dated_by_updatedAt_on_the_registered_parcel() {
        answer(200, "salesive-sync-200.json");
        PollerKit kit = kit();

        kit.poller.poll(new PollRequest("salesive", ORDER, null, List.of(ParcelKey.of("dhl", "SB12345678"))), EventSource.POLL);

        assertThat(kit.published()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("dhl:SB12345678");
            RawTrackingEvent e = r.value();
            assertThat(e.getProvider()).isEqualTo("salesive");
            assertThat(e.getCarrierStatusCode()).isEqualTo("in_transit");
            assertThat(e.getEventTime()).isEqualTo(Instant.parse("2026-06-28T11:00:00Z"));
            assertThat(e.getReceivedTime()).isEqualTo(NOW);
            assertThat(e.getCarrierName()).isEqualTo("DHL Express");
            assertThat(e.getTrackingUrl()).isEqualTo("https://track.example.com/SB12345678");
            assertThat(e.getProviderReference()).isEqualTo("6651b2c3d4e5f60102030405");
            assertThat(e.getAttributes()).containsEntry("labelStatus", "in_transit").containsEntry("orders", ORDER);
            assertThat(ShiplemonAdapterTest.bytes(e.getRawPayload())).isEqualTo(Seeds.bytes("salesive-sync-200.json"));
        });
    }

    @Test
    void without_a_registered_parcel_the_carrier_is_derived_from_its_display_name() {
        answer(200, "salesive-sync-200.json");
        PollerKit kit = kit();

        kit.poller.poll(new PollRequest("salesive", ORDER, null, List.of()), EventSource.POLL);

        assertThat(kit.published()).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("dhl-express:SB12345678"));
    }

    @Test
    void a_401_envelope_is_read_and_not_retried() {
        answer(401, "salesive-401.json");
        PollerKit kit = kit();

        assertThatThrownBy(() -> kit.poller.poll(new PollRequest("salesive", ORDER, null, List.of()), EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CarrierFailure.CLIENT_ERROR);
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.carrierMessage()).isEqualTo("Authentication required");
                });
        salesive.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/shipping/shipments/sync")));
        assertThat(kit.published()).isEmpty();
    }

    @Test
    void a_403_envelope_says_the_token_lacks_the_scope() {
        answer(403, "salesive-403.json");
        PollerKit kit = kit();

        assertThatThrownBy(() -> kit.poller.poll(new PollRequest("salesive", ORDER, null, List.of()), EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.carrierMessage()).isEqualTo("Insufficient scope");
                });
    }
}
