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
import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.trackstream.notifier.config.KafkaConfig;
import io.trackstream.notifier.config.PollBudget;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.health.ListenerProgress;

/**
 * An order system that takes 4 s per call: with a poll allowed 30 s in these tests, a batch of 9 such records would
 * overrun it, the consumer would be evicted, its commits fail, and records already sent would be sent again. The poll
 * is sized from the timeouts instead, so nothing is revoked and each close is sent once.
 */
class SlowOrderSystemTest extends BrokerTestSupport {

    private static final String PATH = "/orders/shipment-status-update";

    @Autowired
    ListenerProgress progress;
    @Autowired
    PollBudget budget;
    @Autowired
    KafkaProperties kafka;
    @Autowired
    @Qualifier(KafkaConfig.AUTO_CLOSE_CONTAINER)
    ConcurrentMessageListenerContainer<String, byte[]> autoCloseContainer;

    @Test
    void fourSecondsPerCallCauseNoRebalanceAndNoRepeatedCall() {
        assertThat(kafka.buildConsumerProperties()).containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "30000");
        assertThat(budget.maxPollRecords()).as("30 s / ((2 s + 8 s + 5 s) x 2)").isEqualTo(1);
        List<String> orders = IntStream.rangeClosed(7001, 7009).mapToObj(Integer::toString).toList();
        orders.forEach(order -> wiremock.stubFor(post(PATH)
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)))
                .willReturn(okJson("{\"order_id\":\"ORD-" + order + "\",\"status\":\"closed\"}").withFixedDelay(4_000))));
        long revokedBefore = progress.revoked(topics.autoClose());

        // One key: all on one partition, read by one consumer, and all there before its next poll
        autoCloseContainer.pause();
        await().atMost(Duration.ofSeconds(30)).until(autoCloseContainer::isContainerPaused);
        List<Written> written = writeAll(topics.autoClose(), "slow-order-system",
                orders.stream().map(order -> Fixtures.autoClose(SLOW_TENANT, order).build()).toList());
        autoCloseContainer.resume();

        awaitCommitted(written.get(written.size() - 1), Duration.ofSeconds(90));
        assertThat(orders).allSatisfy(order -> assertThat(wiremock.findAll(requestsFor(order)))
                .as("calls for %s", order).hasSize(1));
        assertThat(progress.revoked(topics.autoClose())).as("partitions revoked or lost").isEqualTo(revokedBefore);
    }

    private static RequestPatternBuilder requestsFor(String order) {
        return postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.references.partner_order_reference", equalTo("PO-" + order)));
    }
}
