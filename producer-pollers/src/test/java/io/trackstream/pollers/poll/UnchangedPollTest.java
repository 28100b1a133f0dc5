package io.trackstream.pollers.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.contract.EventKey;
import io.trackstream.contract.EventKeyDigest;
import io.trackstream.fixtures.SeedRecords;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.schedule.PollCycle;
import io.trackstream.pollers.schedule.ProviderExecutors;
import io.trackstream.pollers.support.PollerKit;
import io.trackstream.pollers.support.ProviderSettings;
import io.trackstream.pollers.support.RecordingTaskScheduler;
import io.trackstream.pollers.support.Seeds;
import io.trackstream.pollers.targets.PollTargetConverter;
import io.trackstream.pollers.targets.PollTargetRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scheduled poll publishes a parcel's history only when it holds an event the processor does not: the digest of its
 * event keys differs from the one in the parcel's poll target (issue 21 point 3). Shiplemon's seed answer, from
 * WireMock, through the real cycle, poller and publisher.
 */
class UnchangedPollTest {

    @RegisterExtension
    static WireMockExtension shiplemon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant NOW = Instant.parse("2024-07-15T10:35:00Z");
    private static final String SEED = new String(Seeds.bytes("shiplemon-tracking-200.json"), StandardCharsets.UTF_8);
    private static final String TRACKING = "/public/v1/shipments/be96511d/tracking";

    private static final String DELIVERED = key("DELIVERED", null, "2024-07-15T10:02:00Z", "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ");
    private static final String WITH_COURIER = key("TRANSIT", "WITH_COURIER", "2024-07-15T09:45:00Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ");
    private static final String CREATED = key("PRE_TRANSIT", null, "2024-07-12T14:17:00Z", "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ");

    private final PollerKit kit = new PollerKit(Clock.fixed(NOW, ZoneOffset.UTC), Map.of("shiplemon",
            ProviderSettings.provider().account(shiplemon.baseUrl(), "sk_test_123", null, null, null).build()));
    private final PollTargetRegistry registry = new PollTargetRegistry(kit.meters);
    private final RecordingTaskScheduler tasks = new RecordingTaskScheduler();
    private final PollCycle cycle = new PollCycle(registry, kit.poller, new ProviderExecutors(p -> tasks), kit.properties,
            kit.metrics, Clock.fixed(NOW, ZoneOffset.UTC), kit.rateShare);

    /** The key the processor files a seed entry of parcel elta:tracking_ref under. */
    private static String key(String status, String statusExact, String at, String text) {
        return EventKey.of("elta", "tracking_ref", status, statusExact, Instant.parse(at), text);
    }

    /** The parcel's poll target as the processor writes it, holding the events whose keys are given. */
    private void targetHolding(String... heldKeys) {
        PollTarget target = PollTarget.newBuilder(SeedRecords.pollTarget()).setParcelKey("elta:tracking_ref")
                .setTrackingNumber("tracking_ref").setProviderReference("be96511d")
                .setEventKeyDigest(EventKeyDigest.of(List.of(heldKeys))).build();
        registry.put(0, "elta:tracking_ref", PollTargetConverter.toEntry(target));
    }

    private void scheduledPoll(String answer) {
        shiplemon.stubFor(get(TRACKING).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(answer)));
        assertThat(cycle.run("shiplemon", NOW)).hasSize(1);
        tasks.drain().forEach(t -> t.task().run());
        shiplemon.verify(1, getRequestedFor(urlPathEqualTo(TRACKING)));
    }

    private List<RawTrackingEvent> published() {
        return kit.published().stream().map(ProducerRecord::value).toList();
    }

    private double count(String meter) {
        return kit.count(meter, "provider", "shiplemon");
    }

    @Test
    void a_history_the_processor_holds_is_not_published_and_is_counted_as_unchanged() {
        // Given the processor holds the seed's three entries (newest first in the answer, any order in the target)
        targetHolding(CREATED, DELIVERED, WITH_COURIER);

        // When the scheduled poll gets the same three entries
        scheduledPoll(SEED);

        // Then nothing reaches the broker, and the poll and its events are counted as unchanged
        assertThat(kit.published()).isEmpty();
        assertThat(kit.rejected()).isEmpty();
        assertThat(count(PollMetrics.POLLS_UNCHANGED)).isEqualTo(1);
        assertThat(count(PollMetrics.EVENTS_UNCHANGED)).isEqualTo(3);
        assertThat(count(PollMetrics.EVENTS_PUBLISHED)).isZero();
    }

    @Test
    void a_history_with_an_entry_the_processor_lacks_is_published_whole() {
        // Given the processor has heard of the parcel up to WITH_COURIER (or lags behind the carrier)
        targetHolding(CREATED, WITH_COURIER);

        // When the poll brings DELIVERED too
        scheduledPoll(SEED);

        // Then the whole history is published as one batch, as before digests
        assertThat(published()).extracting(RawTrackingEvent::getCarrierStatusText).containsExactly(
                "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ", "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ");
        assertThat(published()).allSatisfy(e -> assertThat(e.getBatchSize()).isEqualTo(3));
        assertThat(count(PollMetrics.POLLS_UNCHANGED)).isZero();
        assertThat(count(PollMetrics.EVENTS_PUBLISHED)).isEqualTo(3);
    }

    @Test
    void a_target_without_a_digest_publishes_as_before() {
        targetHolding();
        assertThat(registry.all()).singleElement().extracting(t -> t.eventKeyDigest()).isNull();

        scheduledPoll(SEED);

        assertThat(published()).hasSize(3);
        assertThat(count(PollMetrics.POLLS_UNCHANGED)).isZero();
    }

    @Test
    void an_answer_with_a_refused_entry_is_published_even_when_its_other_entries_are_held() {
        // the processor holds the two readable entries; the third now has a date nobody can read
        targetHolding(DELIVERED, CREATED);

        scheduledPoll(SEED.replace("2024-07-15T09:45:00.000Z", "15/07/2024 09:45"));

        assertThat(published()).extracting(RawTrackingEvent::getCarrierStatusCode).containsExactly("DELIVERED", "PRE_TRANSIT");
        assertThat(kit.rejected()).extracting(ProducerRecord::value).extracting(RejectedEvent::getField)
                .containsExactly("data.tracking_history[1].status_date");
        assertThat(count(PollMetrics.POLLS_UNCHANGED)).isZero();
    }
}
