package io.trackstream.pollers.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.support.PollerKit;
import io.trackstream.pollers.support.ProviderSettings;
import io.trackstream.pollers.support.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CourierSyncAdapterTest {

    @RegisterExtension
    static WireMockExtension courier = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String PATH = "/v5/shipments/ship_1234567890abcdef/sync";
    private static final Instant NOW = Instant.parse("2024-01-15T15:00:00Z");
    private static final PollRequest REQUEST = new PollRequest("courier-sync", "ship_1234567890abcdef", null,
            List.of(ParcelKey.of("ups", "1Z123E45678901234")));

    private PollerKit kit() {
        return new PollerKit(Clock.fixed(NOW, ZoneOffset.UTC), Map.of("courier-sync", ProviderSettings.provider()
                .account(courier.baseUrl() + "/v5", null, "merchant", "s3cret", null)
                .retry(3, Duration.ofMillis(20), Duration.ofSeconds(5)).build()));
    }

    private void answer(int status, String seed, String retryAfter) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(Seeds.bytes(seed));
        if (retryAfter != null) {
            response = response.withHeader("Retry-After", retryAfter);
        }
        courier.stubFor(post(urlEqualTo(PATH))
                .withBasicAuth("merchant", "s3cret")
                .willReturn(response));
    }

    @Test
    void the_tracking_status_and_substatus_become_one_event_dated_by_updated_at() {
        answer(200, "courier-sync-200.json", null);
        PollerKit kit = kit();

        kit.poller.poll(REQUEST, EventSource.SYNC);

        courier.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Basic bWVyY2hhbnQ6czNjcmV0")));
        assertThat(kit.published()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("ups:1Z123E45678901234");
            RawTrackingEvent e = r.value();
            assertThat(e.getProvider()).isEqualTo("courier-sync");
            assertThat(e.getSource()).isEqualTo(EventSource.SYNC);
            assertThat(e.getCarrierStatusCode()).isEqualTo("delivered");
            assertThat(e.getCarrierSubstatus()).isEqualTo("delivered_001");
            assertThat(e.getEventTime()).isEqualTo(Instant.parse("2024-01-15T14:45:00Z"));
            assertThat(e.getExpectedDelivery()).isEqualTo(Instant.parse("2024-01-20T18:00:00Z"));
            assertThat(e.getProviderReference()).isEqualTo("ship_1234567890abcdef");
            assertThat(e.getAttributes()).containsEntry("verification_status", "verified")
                    .containsEntry("merchant_invoice_id", "inv_1234567890abcdef");
        });
    }

    @Test
    void no_tracking_status_yet_means_no_event() {
        answer(200, "courier-sync-200-no-tracking.json", null);
        PollerKit kit = kit();

        var result = kit.poller.poll(REQUEST, EventSource.POLL);

        assertThat(result.events()).isEmpty();
        assertThat(kit.published()).isEmpty();
        assertThat(kit.count(PollMetrics.POLLS, "provider", "courier-sync", "outcome", "ok")).isEqualTo(1);
    }

    @Test
    void a_401_error_object_is_read() {
        answer(401, "courier-sync-401.json", null);

        assertThatThrownBy(() -> kit().poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CarrierFailure.CLIENT_ERROR);
                    assertThat(e.carrierMessage()).isEqualTo("Invalid merchant credentials");
                    assertThat(e.carrierType()).isEqualTo("authentication_error");
                });
        courier.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void a_404_error_object_is_read() {
        answer(404, "courier-sync-404.json", null);

        assertThatThrownBy(() -> kit().poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.carrierMessage()).isEqualTo("[entity] not found");
                    assertThat(e.carrierType()).isEqualTo("not_found_error");
                });
    }

    @Test
    void a_429_asking_for_longer_than_we_wait_is_given_up_with_its_retry_after() {
        answer(429, "courier-sync-429.json", "60");
        PollerKit kit = kit();

        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CarrierFailure.RATE_LIMITED);
                    assertThat(e.carrierMessage()).isEqualTo("Too many requests");
                    assertThat(e.carrierType()).isEqualTo("rate_limit_error");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
                });
        courier.verify(1, postRequestedFor(urlEqualTo(PATH)));
        assertThat(kit.count(PollMetrics.POLLS, "provider", "courier-sync", "outcome", "429")).isEqualTo(1);
    }
}
