package io.trackstream.notifier.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.listener.TargetGate;
import io.trackstream.notifier.metrics.NotifierMetrics;

/**
 * One tenant's outage never delays another tenant: while tenant {@code outage}'s Carriyo refuses every connection
 * (several seconds, a dozen of the tests' 500 ms retry delays: with the default 30 s that is minutes), tenant
 * {@code healthy}'s closes reach their Carriyo as fast as ever; once it is back, every close of {@code outage} is applied,
 * once each, and none is dead-lettered.
 */
class TenantOutageTest extends BrokerTestSupport {

    private static final String PATH = "/orders/shipment-status-update";
    private static final String ORDER = "{\"order_id\":\"ORD-%1$s\",\"partner_order_reference\":\"PO-%1$s\",\"status\":\"closed\"}";
    /** Far above a close's usual latency here (tens of ms), far below the old back-off's hold of a partition. */
    private static final long USUAL_LATENCY_BOUND_MS = 3_000;

    @Test
    void anotherTenantsClosesFlowDuringTheOutageAndTheFailingTenantsAreAppliedOnceAfterIt() {
        List<String> outageOrders = List.of("6001", "6002", "6003", "6004", "6005");
        List<String> otherOrders = List.of("6101", "6102", "6103", "6104", "6105", "6106");
        otherOrders.forEach(order -> wiremock.stubFor(post(PATH)
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)))
                .willReturn(okJson(ORDER.formatted(order)))));
        double circuitOpenWaitsBefore = count(NotifierMetrics.WAITING, "target", "carriyo", "reason", TargetGate.CIRCUIT_OPEN);

        // Given tenant outage's Carriyo refuses connections (nothing listens on its port)
        List<Written> outageCloses = new ArrayList<>();
        outageOrders.forEach(order -> outageCloses.add(write(topics.autoClose(), order,
                Fixtures.autoClose(OUTAGE_TENANT, order).build())));

        // When tenant healthy's closes arrive during the outage, Then each reaches healthy's Carriyo at its usual latency
        for (String order : otherOrders) {
            long writtenAt = System.currentTimeMillis();
            write(topics.autoClose(), order, Fixtures.autoClose(HEALTHY_TENANT, order).build());
            LoggedRequest call = await().atMost(Duration.ofSeconds(60))
                    .until(() -> wiremock.findAll(requestsFor(order)), calls -> !calls.isEmpty()).get(0);
            assertThat(call.getLoggedDate().getTime() - writtenAt).as("latency of %s during the other tenant's outage", order)
                    .isLessThan(USUAL_LATENCY_BOUND_MS);
        }
        // and the outage lasts: the failing tenant's closes have gone round the retry topic many times, no call made
        await().atMost(Duration.ofSeconds(60)).until(() -> count(NotifierMetrics.WAITING, "target", "carriyo",
                "reason", TargetGate.CIRCUIT_OPEN) - circuitOpenWaitsBefore >= 30);
        assertThat(otherOrders).allSatisfy(order -> assertThat(wiremock.findAll(requestsFor(order))).hasSize(1));

        // When the failing tenant's Carriyo is back
        WireMockServer recovered = new WireMockServer(WireMockConfiguration.wireMockConfig().port(outagePort));
        recovered.stubFor(post(PATH).willReturn(okJson("{\"order_id\":\"ORD\",\"status\":\"closed\"}")));
        recovered.start();
        try {
            // Then every one of its closes is applied, once each, and none was dead-lettered
            await().atMost(Duration.ofSeconds(60)).until(() -> outageOrders.stream()
                    .allMatch(order -> !recovered.findAll(requestsFor(order)).isEmpty()));
            await().atMost(Duration.ofSeconds(60)).until(() -> retryTopicFullyCommitted());
            assertThat(outageOrders).allSatisfy(order -> {
                List<LoggedRequest> calls = recovered.findAll(requestsFor(order));
                assertThat(calls).as("calls for %s after the outage", order).hasSize(1);
                assertThat(calls.get(0).getHeader("Idempotency-Key")).isEqualTo("shp-" + order + ":delivered");
                assertThat(deadLetters(order)).isEmpty();
            });
            outageCloses.forEach(this::awaitCommitted);
        } finally {
            recovered.stop();
        }
    }

    private static RequestPatternBuilder requestsFor(String order) {
        return postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)));
    }
}
