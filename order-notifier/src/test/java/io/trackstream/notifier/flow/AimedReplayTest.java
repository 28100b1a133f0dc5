package io.trackstream.notifier.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.trackstream.notifier.deadletter.DeadLetterHeaders;
import io.trackstream.notifier.deadletter.ReplayReport;
import io.trackstream.notifier.fixtures.Fixtures;

/**
 * The replay command aimed by reason, target, tenant and time range, and its dry run. Given three dead letters of one
 * minute: a close of tenant wm refused with 400 (REJECTED), one refused with 403 (CLIENT_ERROR) and one of a tenant
 * nobody configured (TENANT_NOT_CONFIGURED).
 */
class AimedReplayTest extends BrokerTestSupport {

    private static final String PATH = "/orders/shipment-status-update";
    private static final String REJECTED = "9001";
    private static final String CLIENT_ERROR = "9002";
    private static final String NOT_CONFIGURED = "9003";
    private static final List<String> OURS = List.of(REJECTED, CLIENT_ERROR, NOT_CONFIGURED);

    @Test
    void aDryRunListsWhatTheFiltersSelectAndAnAimedRunResendsOnlyThat() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        wiremock.stubFor(forOrder(REJECTED).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[\"post_shipping_info.status: unknown status\"]}")));
        wiremock.stubFor(forOrder(CLIENT_ERROR).willReturn(aResponse().withStatus(403)));
        write(topics.autoClose(), REJECTED, Fixtures.autoClose(WM_TENANT, REJECTED).build());
        write(topics.autoClose(), CLIENT_ERROR, Fixtures.autoClose(WM_TENANT, CLIENT_ERROR).build());
        write(topics.autoClose(), NOT_CONFIGURED, Fixtures.autoClose("nobody", NOT_CONFIGURED).build());
        assertThat(header(awaitDeadLetter(REJECTED), DeadLetterHeaders.REASON)).isEqualTo("REJECTED");
        assertThat(header(awaitDeadLetter(CLIENT_ERROR), DeadLetterHeaders.REASON)).isEqualTo("CLIENT_ERROR");
        assertThat(header(awaitDeadLetter(NOT_CONFIGURED), DeadLetterHeaders.REASON)).isEqualTo("TENANT_NOT_CONFIGURED");
        Instant to = Instant.now().plusSeconds(1);
        String range = "--replay-from=" + from;
        String until = "--replay-to=" + to;
        Optional<OffsetAndMetadata> plainProgress = replayGroupProgress();

        // A dry run for tenant wm lists its CLIENT_ERROR, not its REJECTED (held back), and writes nothing
        ReplayRun wm = replayCommand("--replay-dry-run", "--replay-tenant=" + WM_TENANT, range, until);
        assertThat(wm.exitCode()).isZero();
        assertThat(ours(wm.report())).extracting(ReplayReport.Replayed::key).containsExactly(CLIENT_ERROR);
        assertThat(ours(wm.report())).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("CLIENT_ERROR");
            assertThat(r.target()).isEqualTo("carriyo");
            assertThat(r.tenant()).isEqualTo(WM_TENANT);
            assertThat(r.deadLetteredAt()).isBetween(from, to);
        });
        assertThat(wm.report().dryRun()).isTrue();
        assertThat(wm.report().heldBack()).isPositive();

        // Every reason but the held-back ones, any tenant, in the range
        assertThat(ours(replayCommand("--replay-dry-run", range, until).report()))
                .extracting(ReplayReport.Replayed::key).containsExactlyInAnyOrder(CLIENT_ERROR, NOT_CONFIGURED);
        // A held-back reason when named
        assertThat(ours(replayCommand("--replay-dry-run", "--replay-reason=REJECTED", "--replay-tenant=" + WM_TENANT).report()))
                .extracting(ReplayReport.Replayed::key).containsExactly(REJECTED);
        // Another order system, another time range: none of them
        assertThat(ours(replayCommand("--replay-dry-run", "--replay-target=shop", range, until).report())).isEmpty();
        assertThat(ours(replayCommand("--replay-dry-run", "--replay-from=" + to).report())).isEmpty();
        assertThat(OURS).allSatisfy(key -> assertThat(records(topics.notifierReplay(), key)).as("dry runs write nothing").isEmpty());

        // When the cause of the 400 is fixed and the REJECTED close of wm is replayed, aimed
        wiremock.stubFor(forOrder(REJECTED).willReturn(okJson("{\"order_id\":\"ORD-9001\",\"status\":\"closed\"}")));
        ReplayRun aimed = replayCommand("--replay-reason=REJECTED", "--replay-tenant=" + WM_TENANT, range, until);

        // Then only it is resent, and closes; the plain replay's progress did not move
        assertThat(aimed.exitCode()).isZero();
        assertThat(ours(aimed.report())).extracting(ReplayReport.Replayed::key).containsExactly(REJECTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> wiremock.findAll(requestsFor(REJECTED)).size() == 2);
        assertThat(records(topics.notifierReplay(), CLIENT_ERROR)).isEmpty();
        assertThat(records(topics.notifierReplay(), NOT_CONFIGURED)).isEmpty();
        assertThat(wiremock.findAll(requestsFor(CLIENT_ERROR))).hasSize(1);
        assertThat(replayGroupProgress()).isEqualTo(plainProgress);
    }

    @Test
    void anOptionItCannotReadStopsTheReplayWithExitCode2() {
        ReplayRun run = replayCommand("--replay-reason=NOPE");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.report()).isNull();
    }

    private static List<ReplayReport.Replayed> ours(ReplayReport report) {
        return report.replayed().stream().filter(r -> OURS.contains(r.key())).toList();
    }

    private Optional<OffsetAndMetadata> replayGroupProgress() throws Exception {
        try (Admin admin = broker.admin()) {
            return Optional.ofNullable(admin.listConsumerGroupOffsets(properties.deadLetters().replayGroupId())
                    .partitionsToOffsetAndMetadata().get().get(new TopicPartition(topics.notifierDeadLetters(), 0)));
        }
    }

    private static MappingBuilder forOrder(String order) {
        return post(PATH).withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)));
    }

    private static RequestPatternBuilder requestsFor(String order) {
        return postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)));
    }
}
