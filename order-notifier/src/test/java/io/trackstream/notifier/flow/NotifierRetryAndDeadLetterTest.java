package io.trackstream.notifier.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.trackstream.notifier.deadletter.DeadLetterHeaders;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.metrics.NotifierMetrics;

/**
 * The consuming side against WireMock on a real broker: what is retried, what is dead-lettered with which reason,
 * and that the offset moves only after the outcome.
 */
class NotifierRetryAndDeadLetterTest extends BrokerTestSupport {

    private static final String PATH = "/orders/shipment-status-update";
    private static final String ORDER = "{\"order_id\":\"ORD-%1$s\",\"partner_order_reference\":\"PO-%1$s\",\"status\":\"closed\"}";

    @Test
    void throttledThenAcceptedIsRetriedWithTheSameKeyAndClosedOnce() {
        String order = "3001";
        double retriesBefore = count(NotifierMetrics.RETRIES, "target", "carriyo");
        wiremock.stubFor(forOrder(order).inScenario(order).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("accepted"));
        wiremock.stubFor(forOrder(order).inScenario(order).whenScenarioStateIs("accepted")
                .willReturn(okJson(ORDER.formatted(order))));

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(WM_TENANT, order).build());

        List<LoggedRequest> calls = awaitCallsThenCommitted(order, 2, written);
        assertThat(calls).hasSize(2).allSatisfy(call -> {
            assertThat(call.getHeader("Idempotency-Key")).isEqualTo("shp-3001:delivered");
            assertThat(call.getHeader("x-api-key")).isEqualTo("key-wm");
            assertThat(call.getHeader("tenant-id")).isEqualTo("WM");
        });
        // 1, or 2 when another test left wm's circuit open and even the first call was made from the retry topic
        assertThat(count(NotifierMetrics.RETRIES, "target", "carriyo") - retriesBefore).isBetween(1.0, 2.0);
        assertThat(deadLetters(order)).isEmpty();
    }

    /** The order system's Retry-After keeps the next call back for as long as it says, beyond the 500 ms retry delay. */
    @Test
    void aRetryAfterIsHonouredBeforeTheNextCall() {
        String order = "3008";
        wiremock.stubFor(forOrder(order).inScenario(order).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3")).willSetStateTo("back"));
        wiremock.stubFor(forOrder(order).inScenario(order).whenScenarioStateIs("back")
                .willReturn(okJson(ORDER.formatted(order))));

        write(topics.autoClose(), order, Fixtures.autoClose(THROTTLED_TENANT, order).build());

        List<LoggedRequest> calls = await().atMost(Duration.ofSeconds(60))
                .until(() -> wiremock.findAll(requestsFor(order)), c -> c.size() == 2);
        long gapMillis = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertThat(gapMillis).as("ms between the 503 with Retry-After: 3 and the next call").isGreaterThanOrEqualTo(2_900);
        assertThat(deadLetters(order)).isEmpty();
    }

    /** The order system fails for longer than the patience (20 s in these tests). */
    @Test
    void serverErrorsLongerThanThePatienceAreDeadLetteredWithTheOriginalRecord() {
        String order = "3002";
        double deadLettersBefore = count(NotifierMetrics.DEAD_LETTERS, "reason", "RETRIES_EXHAUSTED");
        wiremock.stubFor(forOrder(order).willReturn(aResponse().withStatus(503).withBody("{\"message\":\"maintenance\"}")));

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(WM_TENANT, order).build());

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(order);
        assertThat(deadLetter.value()).as("the original bytes, unchanged").isEqualTo(written.value());
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(header(deadLetter, DeadLetterHeaders.TARGET)).isEqualTo("carriyo");
        assertThat(header(deadLetter, DeadLetterHeaders.HTTP_STATUS)).isEqualTo("503");
        assertThat(header(deadLetter, DeadLetterHeaders.DETAIL)).contains("maintenance");
        assertThat(header(deadLetter, DeadLetterHeaders.DETAIL)).contains("patience PT20S");
        int calls = wiremock.findAll(requestsFor(order)).size();
        assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo(Integer.toString(calls));
        assertThat(calls).as("the first call, then trial calls while the circuit opens and closes").isGreaterThan(1);
        assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_OFFSET)).isNotNull();
        awaitCommitted(written);
        assertThat(count(NotifierMetrics.DEAD_LETTERS, "reason", "RETRIES_EXHAUSTED") - deadLettersBefore).isEqualTo(1.0);
    }

    @Test
    void aBadRequestIsDeadLetteredAtOnceWithTheOrderSystemsReason() {
        String order = "3003";
        wiremock.stubFor(forOrder(order).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[\"references.partner_order_reference: order is cancelled\"]}")));

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(WM_TENANT, order).build());

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(order);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("REJECTED");
        assertThat(header(deadLetter, DeadLetterHeaders.HTTP_STATUS)).isEqualTo("400");
        assertThat(header(deadLetter, DeadLetterHeaders.DETAIL)).contains("order is cancelled");
        assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
        awaitCommitted(written);
        assertThat(wiremock.findAll(requestsFor(order))).hasSize(1);
    }

    @Test
    void anEmptyOkIsRecordedAsOrderNotFoundAndNeitherRetriedNorDeadLettered() {
        String order = "3004";
        double notFoundBefore = count(NotifierMetrics.CALLS, "target", "carriyo", "outcome", "order_not_found");
        wiremock.stubFor(forOrder(order).willReturn(aResponse().withStatus(200)));

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(WM_TENANT, order).build());

        awaitCommitted(written);
        assertThat(wiremock.findAll(requestsFor(order))).hasSize(1);
        assertThat(count(NotifierMetrics.CALLS, "target", "carriyo", "outcome", "order_not_found") - notFoundBefore)
                .isEqualTo(1.0);
        assertThat(deadLetters(order)).isEmpty();
    }

    /** The first answer comes after 12 s, past the read timeout (8 s in these tests). */
    @Test
    void aTimeoutIsRetriedAndTheSecondAnswerCloses() {
        String order = "3005";
        double timeoutsBefore = count(NotifierMetrics.CALLS, "target", "carriyo", "outcome", "timeout");
        wiremock.stubFor(forOrder(order).inScenario(order).whenScenarioStateIs(STARTED)
                .willReturn(okJson(ORDER.formatted(order)).withFixedDelay(12_000)).willSetStateTo("fast"));
        wiremock.stubFor(forOrder(order).inScenario(order).whenScenarioStateIs("fast")
                .willReturn(okJson(ORDER.formatted(order))));

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(WM_TENANT, order).build());

        assertThat(awaitCallsThenCommitted(order, 2, written)).hasSize(2)
                .extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("shp-3005:delivered");
        assertThat(count(NotifierMetrics.CALLS, "target", "carriyo", "outcome", "timeout") - timeoutsBefore).isEqualTo(1.0);
        assertThat(deadLetters(order)).isEmpty();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAtOnceAndTheNextRecordStillFlows() {
        String broken = "3006";
        String next = "3007";
        wiremock.stubFor(forOrder(next).willReturn(okJson(ORDER.formatted(next))));

        Written garbage = writeRaw(topics.autoClose(), broken, "ΠΑΡΑΔΟΣΗ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        write(topics.autoClose(), next, Fixtures.autoClose(WM_TENANT, next).build());

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(broken);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE");
        assertThat(deadLetter.value()).isEqualTo(garbage.value());
        await().atMost(Duration.ofSeconds(60)).until(() -> wiremock.findAll(requestsFor(next)).size() == 1);
    }

    /**
     * Waits for {@code expected} calls for {@code order}, then for its outcome to be final, and returns every call
     * made: a record that ended early (a dead letter, say) fails here with its dead letters, not on a count.
     */
    private List<LoggedRequest> awaitCallsThenCommitted(String order, int expected, Written written) {
        await().atMost(Duration.ofSeconds(60))
                .failFast("dead-lettered: " + order, () -> !deadLetters(order).isEmpty())
                .until(() -> wiremock.findAll(requestsFor(order)).size() >= expected);
        awaitCommitted(written);
        return wiremock.findAll(requestsFor(order));
    }

    private static MappingBuilder forOrder(String order) {
        return post(PATH).withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)));
    }

    private static RequestPatternBuilder requestsFor(String order) {
        return postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)));
    }
}
