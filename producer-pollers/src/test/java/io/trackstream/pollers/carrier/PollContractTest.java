package io.trackstream.pollers.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.contract.ParcelKey;
import io.trackstream.contract.RawEventCheck;
import io.trackstream.contract.TrackingLimits;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.poll.PollResult;
import io.trackstream.pollers.support.PollerKit;
import io.trackstream.pollers.support.ProviderSettings;
import io.trackstream.pollers.support.Seeds;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pollers accept what carriers send and refuse, one entry at a time, what the processor would refuse: a time
 * without an offset is the carrier's local time, a bad entry becomes one rejected record naming its field while the
 * rest of the answer is published, and a published answer is one batch (issue 18 points 1 and 7, issue 17 points 5
 * and 9 on the pollers' side).
 */
class PollContractTest {

    @RegisterExtension
    static WireMockExtension carrier = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant NOW = Instant.parse("2024-07-15T10:35:00Z");
    private static final String SEED = new String(Seeds.bytes("shiplemon-tracking-200.json"), StandardCharsets.UTF_8);

    private PollerKit kit() {
        return new PollerKit(Clock.fixed(NOW, ZoneOffset.UTC), Map.of(
                "shiplemon", ProviderSettings.provider().account(carrier.baseUrl(), "sk_test_123", null, null, null).build(),
                "courier-sync", ProviderSettings.provider().account(carrier.baseUrl() + "/v5", null, "merchant", "s3cret", null).build()));
    }

    private PollResult pollShiplemon(PollerKit kit, String answer) {
        carrier.stubFor(get("/public/v1/shipments/be96511d/tracking")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(answer)));
        return kit.poller.poll(new PollRequest("shiplemon", "be96511d", null, List.of(ParcelKey.of("elta", "tracking_ref"))),
                EventSource.POLL);
    }

    private static List<RawTrackingEvent> events(PollerKit kit) {
        return kit.published().stream().map(ProducerRecord::value).toList();
    }

    private static List<RejectedEvent> rejected(PollerKit kit) {
        return kit.rejected().stream().map(ProducerRecord::value).toList();
    }

    /** The same offset-less time webhook-ingest reads in the same zone (its ContractBoundsTest). */
    @Test
    void a_time_without_an_offset_is_the_carriers_local_time_and_no_longer_fails_the_poll() {
        PollerKit kit = kit();
        pollShiplemon(kit, SEED.replace("2024-07-15T10:02:00.000Z", "2024-07-15T13:02:00"));

        // ELTA is Greek: 13:02 in Athens in July (UTC+3) is 10:02 UTC
        assertThat(events(kit)).hasSize(3).first().extracting(RawTrackingEvent::getEventTime).isEqualTo(Instant.parse("2024-07-15T10:02:00Z"));
        assertThat(rejected(kit)).isEmpty();

        carrier.stubFor(post("/v5/shipments/ship_1/sync").willReturn(aResponse().withStatus(200).withBody(
                new String(Seeds.bytes("courier-sync-200.json"), StandardCharsets.UTF_8)
                        .replace("\"shipment_courier\": \"ups\"", "\"shipment_courier\": \"elta\"")
                        .replace("\"updated_at\": \"2024-01-15T14:45:00Z\"", "\"updated_at\": \"2024-07-15T13:02:00\""))));
        kit.poller.poll(new PollRequest("courier-sync", "ship_1", null, List.of()), EventSource.POLL);
        assertThat(events(kit).get(3).getEventTime()).isEqualTo(Instant.parse("2024-07-15T10:02:00Z"));
    }

    @Test
    void one_bad_entry_is_rejected_alone_naming_its_field_and_the_rest_of_the_poll_is_published() {
        PollerKit kit = kit();
        String answer = SEED.replace("2024-07-15T09:45:00.000Z", "15/07/2024 09:45");

        PollResult result = pollShiplemon(kit, answer);

        assertThat(events(kit)).extracting(RawTrackingEvent::getCarrierStatusCode).containsExactly("DELIVERED", "PRE_TRANSIT");
        assertThat(result.events()).hasSize(2);
        assertThat(kit.rejected()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(PollerKit.REJECTED_TOPIC);
            assertThat(r.key()).isEqualTo("elta:tracking_ref");
            RejectedEvent e = r.value();
            assertThat(e.getStage()).isEqualTo("producer-pollers");
            assertThat(e.getReason()).isEqualTo(RejectionReason.INVALID_VALUE);
            assertThat(e.getField()).isEqualTo("data.tracking_history[1].status_date");
            assertThat(e.getCarrierStatusCode()).isEqualTo("TRANSIT");
            assertThat(ShiplemonAdapterTest.bytes(e.getRawPayload())).isEqualTo(answer.getBytes(StandardCharsets.UTF_8));
        });
        assertThat(kit.count(PollMetrics.EVENTS_SKIPPED, "provider", "shiplemon", "reason", "invalid_value")).isEqualTo(1);
    }

    @Test
    void what_the_processor_would_refuse_is_a_rejected_record_naming_the_field() {
        PollerKit kit = kit();
        String tooLong = "Ω".repeat(TrackingLimits.MAX_STATUS_TEXT_BYTES / 2) + "x";
        pollShiplemon(kit, SEED.replace("ΠΡΟΣ ΠΑΡΑΔΟΣΗ", tooLong).replace("2024-07-12T14:17:00.000Z", "1999-12-31T23:59:59Z"));

        assertThat(events(kit)).extracting(RawTrackingEvent::getCarrierStatusCode).containsExactly("DELIVERED");
        assertThat(rejected(kit)).extracting(RejectedEvent::getField, RejectedEvent::getReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("carrierStatusText", RejectionReason.TOO_LARGE),
                org.assertj.core.groups.Tuple.tuple("eventTime", RejectionReason.INVALID_VALUE));
        assertThat(rejected(kit).get(0).getDetail()).startsWith("data.tracking_history[1]: carrierStatusText: 1025 bytes");
        assertThat(events(kit).get(0).getBatchSize()).as("the batch counts what is published").isEqualTo(1);
    }

    @Test
    void a_published_poll_is_one_batch_sized_per_parcel() {
        PollerKit kit = kit();
        pollShiplemon(kit, SEED);

        assertThat(events(kit)).hasSize(3).allSatisfy(e -> {
            assertThat(e.getBatchId()).isNotBlank().isEqualTo(events(kit).get(0).getBatchId());
            assertThat(e.getBatchSize()).isEqualTo(3);
            assertThat(RawEventCheck.check(e)).isEmpty();
        });
        pollShiplemon(kit, SEED);
        assertThat(events(kit).get(3).getBatchId()).as("each poll is its own batch").isNotEqualTo(events(kit).get(0).getBatchId());
    }

    @Test
    void more_entries_than_a_history_holds_publish_the_newest_and_reject_the_rest_once() {
        PollerKit kit = kit();
        StringBuilder history = new StringBuilder();
        int entries = TrackingLimits.MAX_HISTORY_ENTRIES + 5;
        for (int i = 0; i < entries; i++) {
            history.append(i == 0 ? "" : ",").append("{\"status\": \"TRANSIT\", \"status_date\": \"")
                    .append(Instant.parse("2024-07-01T00:00:00Z").plusSeconds(60L * i)).append("\"}");
        }
        pollShiplemon(kit, "{\"status\": \"ok\", \"data\": {\"driver\": \"elta\", \"tracking_ref\": \"ZU1GR\", \"tracking_history\": ["
                + history + "]}}");

        assertThat(events(kit)).hasSize(TrackingLimits.MAX_HISTORY_ENTRIES)
                .allSatisfy(e -> assertThat(e.getBatchSize()).isEqualTo(TrackingLimits.MAX_HISTORY_ENTRIES));
        assertThat(events(kit)).extracting(RawTrackingEvent::getEventTime).doesNotContain(Instant.parse("2024-07-01T00:00:00Z"))
                .contains(Instant.parse("2024-07-01T00:00:00Z").plusSeconds(60L * (entries - 1)));
        assertThat(rejected(kit)).singleElement().satisfies(r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.TOO_LARGE);
            assertThat(r.getField()).isEqualTo("batchSize");
            assertThat(r.getTrackingNumber()).isEqualTo("ZU1GR");
        });
    }
}
