package io.trackstream.pollers.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.trackstream.avro.EventSource;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.carrier.CarrierFailure;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.fixtures.MutableClock;
import io.trackstream.pollers.support.PollerKit;
import io.trackstream.pollers.support.ProviderSettings;
import io.trackstream.pollers.support.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits and back-off of provider calls, as the provider sees them (WireMock counts and times the requests). */
class CarrierClientResilienceTest {

    @RegisterExtension
    static WireMockExtension shiplemon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String PATH = "/public/v1/shipments/be96511d/tracking";
    private static final PollRequest REQUEST = new PollRequest("shiplemon", "be96511d", null,
            List.of(ParcelKey.of("elta", "tracking_ref")));

    private PollerKit kit(ProviderSettings settings) {
        return new PollerKit(Clock.systemUTC(), Map.of("shiplemon",
                settings.account(shiplemon.baseUrl(), "sk_test", null, null, null).build()));
    }

    @Test
    void a_429_pauses_the_carrier_account_instead_of_retrying_each_call_into_the_limit() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withBody("{\"message\":\"Too many requests\"}")));
        MutableClock clock = new MutableClock(java.time.Instant.parse("2024-07-15T10:05:00Z"));
        PollerKit kit = new PollerKit(clock, Map.of("shiplemon", ProviderSettings.provider()
                .retry(3, Duration.ofMillis(10), Duration.ofMinutes(5))
                .account(shiplemon.baseUrl(), "sk_test", null, null, null).build()));

        // When the provider answers 429 with Retry-After: 60
        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> assertThat(e.failure()).isEqualTo(CarrierFailure.RATE_LIMITED));

        // Then the call was not retried, and every call of the account in the next 60 s is refused at once with the time left
        clock.set(java.time.Instant.parse("2024-07-15T10:05:20Z"));
        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(PollRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PollRejectedException.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(40));
                });
        shiplemon.verify(1, getRequestedFor(urlEqualTo(PATH)));

        // and once the pause is over the provider is asked again
        clock.set(java.time.Instant.parse("2024-07-15T10:06:00Z"));
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        kit.poller.poll(REQUEST, EventSource.POLL);
        shiplemon.verify(2, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void answers_that_say_nothing_about_the_providers_health_never_close_a_half_open_breaker() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(404)));
        PollerKit kit = kit(ProviderSettings.provider().circuitBreaker(4, 4, Duration.ofMinutes(5)));
        CircuitBreaker breaker = kit.client.circuitBreaker("shiplemon", kit.properties.provider("shiplemon").orElseThrow());
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();

        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL)).isInstanceOf(CarrierCallException.class);

        // a 404 is about the parcel, not the provider: the breaker still waits for a real answer
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void a_server_that_sends_its_headers_and_then_stalls_is_given_up_on_at_the_deadline() {
        // 200 and headers at once, then the body dribbled out over 30 s
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))
                .withChunkedDribbleDelay(30, 30_000)));
        PollerKit kit = kit(ProviderSettings.provider().retry(1, Duration.ofMillis(10), Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> assertThat(e.failure()).isEqualTo(CarrierFailure.TIMEOUT));

        // the whole exchange was bounded by connect + read timeout (3 s), not by the 30 s the server takes
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void an_on_demand_sync_that_cannot_have_a_permit_at_once_is_refused_rather_than_kept_waiting() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        // one request per 100 s, and scheduled polls would wait up to a minute for a permit
        PollerKit kit = kit(ProviderSettings.provider().rate(0.01, Duration.ofMinutes(1)));
        kit.poller.poll(REQUEST, EventSource.SYNC);

        long started = System.nanoTime();
        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.SYNC))
                .isInstanceOfSatisfying(PollRejectedException.class, e -> assertThat(e.reason()).isEqualTo(PollRejectedException.RATE_LIMITED));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        shiplemon.verify(1, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void an_on_demand_sync_does_not_wait_out_a_429_but_reports_it_at_once() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        PollerKit kit = kit(ProviderSettings.provider().retry(3, Duration.ofMillis(10), Duration.ofMinutes(1)));

        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.SYNC))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CarrierFailure.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
        shiplemon.verify(1, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void a_5xx_without_retry_after_backs_off_exponentially_then_gives_up() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
        PollerKit kit = kit(ProviderSettings.provider().retry(3, Duration.ofMillis(100), Duration.ofSeconds(5)));
        List<Duration> waits = new CopyOnWriteArrayList<>();
        kit.client.retry("shiplemon", kit.properties.provider("shiplemon").orElseThrow(), EventSource.POLL)
                .getEventPublisher().onRetry(e -> waits.add(e.getWaitInterval()));

        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(CarrierCallException.class, e -> assertThat(e.failure()).isEqualTo(CarrierFailure.SERVER_ERROR));

        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        shiplemon.verify(3, getRequestedFor(urlEqualTo(PATH)));
        assertThat(kit.count(PollMetrics.POLLS, "provider", "shiplemon", "outcome", "5xx")).isEqualTo(3);
    }

    @Test
    void repeated_5xx_open_the_circuit_and_further_polls_never_reach_the_provider() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(500)));
        PollerKit kit = kit(ProviderSettings.provider().retry(1, Duration.ofMillis(10), Duration.ofSeconds(1))
                .circuitBreaker(4, 4, Duration.ofMinutes(5)));

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL)).isInstanceOf(CarrierCallException.class);
        }
        CircuitBreaker breaker = kit.circuitBreakers.circuitBreaker("shiplemon");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(PollRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PollRejectedException.CIRCUIT_OPEN);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(5));
                });
        shiplemon.verify(4, getRequestedFor(urlEqualTo(PATH)));
        assertThat(kit.count(PollMetrics.POLLS_REJECTED, "provider", "shiplemon", "reason", "circuit_open")).isEqualTo(1);
    }

    @Test
    void client_errors_say_nothing_about_the_providers_health_and_leave_the_circuit_closed() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(404)));
        PollerKit kit = kit(ProviderSettings.provider().circuitBreaker(4, 4, Duration.ofMinutes(5)));

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL)).isInstanceOf(CarrierCallException.class);
        }

        assertThat(kit.circuitBreakers.circuitBreaker("shiplemon").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        shiplemon.verify(6, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void the_rate_limit_per_carrier_account_holds_back_a_request_beyond_it() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        // One request per 100 s, and no waiting for a permit: the second request of the burst is refused locally.
        PollerKit kit = kit(ProviderSettings.provider().rate(0.01, Duration.ZERO));

        kit.poller.poll(REQUEST, EventSource.POLL);
        assertThatThrownBy(() -> kit.poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(PollRejectedException.class, e -> assertThat(e.reason()).isEqualTo(PollRejectedException.RATE_LIMITED));

        shiplemon.verify(1, getRequestedFor(urlEqualTo(PATH)));
        assertThat(kit.count(PollMetrics.POLLS_REJECTED, "provider", "shiplemon", "reason", "rate_limited")).isEqualTo(1);
    }

    @Test
    void an_instance_owning_a_sixth_of_the_poll_targets_sends_a_sixth_of_the_accounts_rate() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        ProviderSettings settings = ProviderSettings.provider().rate(2, Duration.ZERO)
                .account(shiplemon.baseUrl(), "sk_test", null, null, null);
        RateShare sixth = new RateShare(() -> 1);
        sixth.totalPartitions(6);
        PollerKit one = new PollerKit(Clock.systemUTC(), Map.of("shiplemon", settings.build()), sixth);
        PollerKit whole = new PollerKit(Clock.systemUTC(), Map.of("shiplemon", settings.build()));

        // The account allows 2 requests a second: all of them for a lone instance ...
        whole.poller.poll(REQUEST, EventSource.POLL);
        whole.poller.poll(REQUEST, EventSource.POLL);
        // ... one every 3 s for an instance owning one partition of six
        one.poller.poll(REQUEST, EventSource.POLL);
        assertThatThrownBy(() -> one.poller.poll(REQUEST, EventSource.POLL))
                .isInstanceOfSatisfying(PollRejectedException.class, e -> assertThat(e.reason()).isEqualTo(PollRejectedException.RATE_LIMITED));
        shiplemon.verify(3, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void within_the_rate_a_burst_waits_for_permits_instead_of_failing() {
        shiplemon.stubFor(get(PATH).willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        // Two requests a second, permits waited for up to 5 s: five polls take at least two refresh periods.
        PollerKit kit = kit(ProviderSettings.provider().rate(2, Duration.ofSeconds(5)));

        for (int i = 0; i < 5; i++) {
            kit.poller.poll(REQUEST, EventSource.POLL);
        }

        List<LoggedRequest> requests = shiplemon.findAll(getRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(5);
        long spanMillis = requests.get(4).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(spanMillis).isGreaterThanOrEqualTo(1_000);
    }
}
