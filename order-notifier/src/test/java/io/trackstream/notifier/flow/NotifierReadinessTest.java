package io.trackstream.notifier.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.health.ListenersHealth;

/**
 * Readiness follows the consumer: while the order system holds a call for longer than the stall timeout (1 s in
 * these tests), the notifier is not ready and names the partition and the record; once the answer came and the offset
 * moved on, it is ready again.
 */
class NotifierReadinessTest extends BrokerTestSupport {

    @Autowired
    ListenersHealth listeners;

    @Test
    void aRecordUnfinishedForLongerThanTheStallTimeoutMakesTheNotifierNotReadyUntilItIsDone() {
        String order = "3101";
        wiremock.stubFor(post("/orders/shipment-status-update")
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)))
                .willReturn(okJson("{\"order_id\":\"ORD-3101\",\"status\":\"closed\"}").withFixedDelay(5_000)));

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(SLOW_TENANT, order).build());

        Health stuck = await("not ready while the call hangs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(listeners::health, h -> h.getStatus().equals(Status.DOWN) && stuckPartitions(h).stream()
                        .anyMatch(p -> written.partition().toString().equals(p.get("partition"))));
        assertThat(stuckPartitions(stuck)).anySatisfy(p -> assertThat(p)
                .containsEntry("partition", written.partition().toString())
                .containsEntry("offset", written.offset()));
        assertThat(stuck.getDetails().get("containers")).isEqualTo(Map.of("autoCloseContainer", "RUNNING",
                "statusChangeContainer", "RUNNING", "replayContainer", "RUNNING", "retryContainer", "RUNNING"));

        awaitCommitted(written);
        await("ready once the record is done").atMost(Duration.ofSeconds(60))
                .until(() -> listeners.health().getStatus().equals(Status.UP));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stuckPartitions(Health health) {
        return (List<Map<String, Object>>) health.getDetails().get("stuckPartitions");
    }
}
