package io.trackstream.pollers.schedule;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.trackstream.avro.EventSource;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.fixtures.MutableClock;
import io.trackstream.pollers.support.PollerKit;
import io.trackstream.pollers.support.ProviderSettings;
import io.trackstream.pollers.support.RecordingTaskScheduler;
import io.trackstream.pollers.support.Seeds;
import io.trackstream.pollers.targets.PollTargetEntry;
import io.trackstream.pollers.targets.PollTargetRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scheduler on a clock the test moves: when cycles fire, what they poll, and how late they were. */
class PollSchedulerTest {

    @RegisterExtension
    static WireMockExtension shiplemon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final MutableClock clock = new MutableClock(Instant.parse("2024-07-15T10:20:00Z"));
    private final RecordingTaskScheduler tasks = new RecordingTaskScheduler();
    private PollerKit kit;
    private PollTargetRegistry registry;
    private PollScheduler scheduler;

    @BeforeEach
    void wire() {
        // No schedule configured: Shiplemon's documented default applies.
        kit = new PollerKit(clock, Map.of("shiplemon", ProviderSettings.provider().spread(Duration.ofMinutes(2))
                .account(shiplemon.baseUrl(), "sk_test", null, null, null).build()));
        var properties = new io.trackstream.pollers.config.PollersProperties(null, null, true, 1, null, null, kit.properties.providers());
        registry = new PollTargetRegistry(kit.meters);
        PollCycle cycle = new PollCycle(registry, kit.poller, new ProviderExecutors(provider -> tasks), properties, kit.metrics, clock, kit.rateShare);
        scheduler = new PollScheduler(kit.adapters, properties, cycle, tasks, clock);
        shiplemon.stubFor(get(urlEqualTo("/public/v1/shipments/ship-1/tracking"))
                .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
        shiplemon.stubFor(get(urlEqualTo("/public/v1/shipments/ship-2/tracking"))
                .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
    }

    private void target(int partition, String trackingNumber, String reference) {
        registry.put(partition, "elta:" + trackingNumber, new PollTargetEntry(ParcelKey.of("elta", trackingNumber), "store-1",
                "s-" + reference, "o-" + reference, "shiplemon", reference, null));
    }

    @Test
    void the_first_cycle_is_scheduled_at_the_next_five_or_thirty_five_past() {
        scheduler.start();

        assertThat(tasks.drain()).singleElement().satisfies(s -> assertThat(s.at()).isEqualTo("2024-07-15T10:35:00Z"));
    }

    @Test
    void a_cycle_polls_each_reference_once_spread_over_the_window_measures_its_lag_and_schedules_the_next() {
        target(0, "ZU1", "ship-1");
        target(1, "ZU2", "ship-1");
        target(2, "ZU3", "ship-2");
        scheduler.start();
        RecordingTaskScheduler.Scheduled fire = tasks.drain().get(0);

        clock.set(Instant.parse("2024-07-15T10:35:03Z"));
        fire.task().run();

        List<RecordingTaskScheduler.Scheduled> next = tasks.drain();
        assertThat(next).extracting(RecordingTaskScheduler.Scheduled::at).containsExactlyInAnyOrder(
                Instant.parse("2024-07-15T10:35:03Z"), Instant.parse("2024-07-15T10:36:03Z"),
                Instant.parse("2024-07-15T11:05:00Z"));
        var lag = kit.meters.find(PollMetrics.CYCLE_LAG).tag("provider", "shiplemon").timer();
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
        assertThat(kit.meters.find(PollMetrics.CYCLE_PARCELS).tag("provider", "shiplemon").summary().totalAmount()).isEqualTo(3);
        assertThat(kit.meters.find(PollMetrics.CYCLE_CALLS).tag("provider", "shiplemon").summary().totalAmount()).isEqualTo(2);

        next.stream().filter(s -> !s.at().equals(Instant.parse("2024-07-15T11:05:00Z"))).forEach(s -> s.task().run());

        shiplemon.verify(1, getRequestedFor(urlEqualTo("/public/v1/shipments/ship-1/tracking")));
        shiplemon.verify(1, getRequestedFor(urlEqualTo("/public/v1/shipments/ship-2/tracking")));
        assertThat(kit.published()).hasSize(6).allSatisfy(r -> assertThat(r.value().getSource()).isEqualTo(EventSource.POLL));
    }

    @Test
    void a_call_still_running_from_the_last_cycle_is_not_started_again() {
        target(0, "ZU1", "ship-1");
        scheduler.start();
        clock.set(Instant.parse("2024-07-15T10:35:00Z"));
        tasks.drain().get(0).task().run();
        List<RecordingTaskScheduler.Scheduled> afterFirst = tasks.drain();
        RecordingTaskScheduler.Scheduled secondFire = afterFirst.stream()
                .filter(s -> s.at().equals(Instant.parse("2024-07-15T11:05:00Z"))).findFirst().orElseThrow();

        // The 10:35 call has not run yet when 11:05 fires.
        clock.set(Instant.parse("2024-07-15T11:05:00Z"));
        secondFire.task().run();

        assertThat(tasks.drain()).extracting(RecordingTaskScheduler.Scheduled::at)
                .containsExactly(Instant.parse("2024-07-15T11:35:00Z"));
        assertThat(kit.count(PollMetrics.POLLS_REJECTED, "provider", "shiplemon", "reason", "in_flight")).isEqualTo(1);
    }

    @Test
    void a_late_cycle_skips_the_fire_times_it_missed() {
        scheduler.start();
        RecordingTaskScheduler.Scheduled fire = tasks.drain().get(0);

        clock.set(Instant.parse("2024-07-15T11:40:00Z"));
        fire.task().run();

        assertThat(tasks.drain()).extracting(RecordingTaskScheduler.Scheduled::at).containsExactly(Instant.parse("2024-07-15T12:05:00Z"));
    }

    @Test
    void scheduling_can_be_turned_off() {
        var off = new io.trackstream.pollers.config.PollersProperties(null, null, false, 1, null, null, kit.properties.providers());
        new PollScheduler(kit.adapters, off, null, tasks, clock).start();

        assertThat(tasks.drain()).isEmpty();
    }
}
