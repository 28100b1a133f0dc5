package io.trackstream.ingest.api;

import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.ingest.fixtures.Signed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A carrier resending the same signed request while the first still waits on Kafka (its acknowledgement delayed here)
 * gets the first one's outcome, or a retryable 503, never a 401; if the first fails, the copy stores the webhook.
 * The request timeout of these tests is 5 s.
 */
class InFlightRetryTest extends MockKafkaWebTest {

    private final ExecutorService senders = Executors.newFixedThreadPool(2);
    private MockProducer<String, SpecificRecord> delayed;

    @BeforeEach
    void kafkaAcknowledgesOnlyWhenTold() {
        delayed = MockKafka.producer(false);
        kafka.set(delayed);
    }

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    private Future<MvcResult> send(byte[] body, long signedAt) {
        return senders.submit(() -> mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body, signedAt)).andReturn());
    }

    private static void stillWaiting(Future<?> request) {
        await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(2)).until(() -> !request.isDone());
    }

    @Test
    void aCopyWhileTheFirstWaitsOnKafkaGetsTheFirstsAnswerAndNothingIsPublishedTwice() throws Exception {
        byte[] body = utf8(Payloads.shiplemon("ZU300000001GR"));
        long signedAt = Instant.now().getEpochSecond();
        Future<MvcResult> first = send(body, signedAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> delayed.history().size() == 3);

        Future<MvcResult> copy = send(body, signedAt);
        stillWaiting(copy);
        while (delayed.completeNext()) {
            // Kafka acknowledges the first delivery's three records
        }

        MvcResult firstAnswer = first.get(30, TimeUnit.SECONDS);
        MvcResult copyAnswer = copy.get(30, TimeUnit.SECONDS);
        assertThat(firstAnswer.getResponse().getStatus()).isEqualTo(202);
        assertThat(copyAnswer.getResponse().getStatus()).as("not a 401: the copy gets the first one's outcome").isEqualTo(202);
        assertThat(copyAnswer.getResponse().getContentAsString()).isEqualTo(firstAnswer.getResponse().getContentAsString());
        assertThat(delayed.history()).as("the copy published nothing").hasSize(3);
    }

    @Test
    void whenTheFirstFailsWith503TheCopyStoresTheWebhook() throws Exception {
        byte[] body = utf8(Payloads.shiplemon("ZU300000002GR"));
        long signedAt = Instant.now().getEpochSecond();
        Future<MvcResult> first = send(body, signedAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> delayed.history().size() == 3);
        Future<MvcResult> copy = send(body, signedAt);
        stillWaiting(copy);

        delayed.errorNext(new TimeoutException("Expiring 1 record(s): the broker is away"));
        assertThat(first.get(30, TimeUnit.SECONDS).getResponse().getStatus()).isEqualTo(503);
        // the copy took the released claim over and sent the webhook itself; Kafka acknowledges everything now
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            delayed.completeNext();
            return copy.isDone();
        });

        assertThat(copy.get().getResponse().getStatus()).isEqualTo(202);
        assertThat(delayed.history()).hasSize(6);
    }

    @Test
    void aCopyStillWaitingAtItsDeadlineIsARetryable503() throws Exception {
        byte[] body = utf8(Payloads.shiplemon("ZU300000003GR"));
        long signedAt = Instant.now().getEpochSecond();
        Future<MvcResult> first = send(body, signedAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> delayed.history().size() == 3);
        Future<MvcResult> copy = send(body, signedAt);

        // Kafka never answers
        for (Future<MvcResult> request : java.util.List.of(first, copy)) {
            var answer = request.get(30, TimeUnit.SECONDS).getResponse();
            assertThat(answer.getStatus()).isEqualTo(503);
            assertThat(answer.getHeader("Retry-After")).isEqualTo("7");
            assertThat(answer.getContentAsString()).containsAnyOf("\"request_in_flight\"", "\"broker_unavailable\"");
        }
    }
}
