package io.trackstream.pollers.schedule;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.support.PollerKit;
import io.trackstream.pollers.support.ProviderSettings;
import io.trackstream.pollers.support.RecordingTaskScheduler;
import io.trackstream.pollers.support.Seeds;
import io.trackstream.pollers.targets.PollTargetEntry;
import io.trackstream.pollers.targets.PollTargetRegistry;

/** One provider's trouble (rate limiting, not-found parcels, a rebalance) as the other providers and the cycle see it. */
class ProviderIsolationTest {

    @RegisterExtension
    static WireMockExtension shiplemon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension salesive = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final List<ThreadPoolTaskScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void stopThreads() {
        schedulers.forEach(ThreadPoolTaskScheduler::shutdown);
    }

    private ProviderExecutors realExecutors() {
        return new ProviderExecutors(provider -> {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(2);
            scheduler.setThreadNamePrefix("test-" + provider + "-");
            scheduler.initialize();
            schedulers.add(scheduler);
            return scheduler;
        });
    }

    private static PollTargetEntry target(String provider, String trackingNumber, String reference) {
        return new PollTargetEntry(ParcelKey.of("elta", trackingNumber), "store-1", "s-" + reference, "o-" + reference, provider,
                reference, null);
    }

    @Test
    void a_provider_answering_429_for_a_whole_cycle_delays_no_other_provider_and_gets_one_request_per_parcel_at_most() {
        // Given Shiplemon answers every call with 429 and Retry-After: 60, and Salesive answers normally
        shiplemon.stubFor(get(urlPathMatching("/public/v1/shipments/.*/tracking"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60").withBody("{\"message\":\"Too many requests\"}")));
        salesive.stubFor(get(urlPathEqualTo("/api/v1/shipping/shipments/sync"))
                .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("salesive-sync-200.json"))));
        PollerKit kit = new PollerKit(Clock.systemUTC(), Map.of(
                "shiplemon", ProviderSettings.provider().retry(3, Duration.ofMillis(10), Duration.ofMinutes(2))
                        .account(shiplemon.baseUrl(), "sk_test", null, null, null).build(),
                "salesive", ProviderSettings.provider()
                        .account(salesive.baseUrl() + "/api/v1", null, null, null, "app_live_123").build()));
        PollTargetRegistry registry = new PollTargetRegistry(kit.meters);
        for (int i = 0; i < 8; i++) {
            registry.put(0, "elta:SL" + i, target("shiplemon", "SL" + i, "ship-" + i));
        }
        for (int i = 0; i < 4; i++) {
            registry.put(1, "elta:SV" + i, target("salesive", "SV" + i, "order-" + i));
        }
        PollCycle cycle = new PollCycle(registry, kit.poller, realExecutors(), kit.properties, kit.metrics, Clock.systemUTC(), kit.rateShare);

        // When both cycles are due at the same moment
        Instant now = Instant.now();
        cycle.run("shiplemon", now);
        cycle.run("salesive", now);

        // Then Salesive's calls are all made at once (well within Shiplemon's 60 s), its events published
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                salesive.verify(4, getRequestedFor(urlPathEqualTo("/api/v1/shipping/shipments/sync"))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kit.published()).isNotEmpty());
        // and Shiplemon, asked to wait, got no more than one request per parcel: not 3 retries of each of 8 calls
        int shiplemonRequests = shiplemon.findAll(getRequestedFor(urlPathMatching("/public/v1/shipments/.*/tracking"))).size();
        assertThat(shiplemonRequests).isBetween(1, 8);
        assertThat(kit.count(io.trackstream.pollers.metrics.PollMetrics.POLLS_REJECTED, "provider", "shiplemon",
                "reason", "deferred")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_parcel_not_found_on_every_poll_is_parked_until_its_registration_changes() {
        shiplemon.stubFor(get(urlPathMatching("/public/v1/shipments/.*/tracking"))
                .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Shipment not found\"}")));
        PollerKit kit = new PollerKit(Clock.systemUTC(), Map.of("shiplemon", ProviderSettings.provider().parkAfterNotFound(3)
                .account(shiplemon.baseUrl(), "sk_test", null, null, null).build()));
        PollTargetRegistry registry = new PollTargetRegistry(kit.meters);
        registry.put(0, "elta:ZU1", target("shiplemon", "ZU1", "wrong-id"));
        RecordingTaskScheduler tasks = new RecordingTaskScheduler();
        PollCycle cycle = new PollCycle(registry, kit.poller, new ProviderExecutors(p -> tasks), kit.properties, kit.metrics,
                Clock.systemUTC(), kit.rateShare);

        // When three cycles in a row get 404 for it
        for (int i = 0; i < 3; i++) {
            assertThat(cycle.run("shiplemon", Instant.now())).hasSize(1);
            tasks.drain().forEach(t -> t.task().run());
        }

        // Then it is parked: the next cycle has nothing to call, and it shows in the gauge
        assertThat(cycle.run("shiplemon", Instant.now())).isEmpty();
        assertThat(kit.meters.get(PollTargetRegistry.PARKED_GAUGE).gauge().value()).isEqualTo(1.0);
        // and the rejected topic says so, naming the field to fix
        assertThat(kit.rejectedProducer.history()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("elta:ZU1");
            assertThat(r.value().getField()).isEqualTo("providerReference");
            assertThat(r.value().getDetail()).contains("404", "wrong-id", "3 polls in a row");
        });
        shiplemon.verify(3, getRequestedFor(urlPathMatching("/public/v1/shipments/.*/tracking")));

        // until its registration gives it another reference
        registry.put(0, "elta:ZU1", target("shiplemon", "ZU1", "right-id"));
        assertThat(cycle.run("shiplemon", Instant.now())).hasSize(1);
    }

    @Test
    void a_cycle_waits_for_newly_assigned_targets_to_load_and_skips_parcels_no_longer_owned() {
        shiplemon.stubFor(get(urlPathMatching("/public/v1/shipments/.*/tracking"))
                .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        PollerKit kit = new PollerKit(Clock.systemUTC(), Map.of("shiplemon", ProviderSettings.provider()
                .account(shiplemon.baseUrl(), "sk_test", null, null, null).build()));
        PollTargetRegistry registry = new PollTargetRegistry(kit.meters);
        RecordingTaskScheduler tasks = new RecordingTaskScheduler();
        PollCycle cycle = new PollCycle(registry, kit.poller, new ProviderExecutors(p -> tasks), kit.properties, kit.metrics,
                Clock.systemUTC(), kit.rateShare);

        // Given partitions just assigned and still being read
        registry.assigned(List.of(0, 1));
        registry.put(0, "elta:ZU1", target("shiplemon", "ZU1", "ship-1"));

        // When the cycle is due, it plans nothing yet and looks again shortly
        assertThat(cycle.run("shiplemon", Instant.now())).isEmpty();
        assertThat(tasks.drain()).hasSize(1);

        // Once both partitions are loaded it plans every parcel
        registry.put(1, "elta:ZU2", target("shiplemon", "ZU2", "ship-2"));
        registry.loaded(0);
        registry.loaded(1);
        assertThat(cycle.run("shiplemon", Instant.now())).hasSize(2);

        // and when partition 1 moves to another instance before its call runs, that call is not made
        registry.revoked(List.of(1));
        tasks.drain().forEach(t -> t.task().run());
        shiplemon.verify(1, getRequestedFor(urlPathEqualTo("/public/v1/shipments/ship-1/tracking")));
        shiplemon.verify(0, getRequestedFor(urlPathEqualTo("/public/v1/shipments/ship-2/tracking")));
    }
}
