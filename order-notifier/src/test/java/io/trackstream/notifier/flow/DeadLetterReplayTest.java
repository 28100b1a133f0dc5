package io.trackstream.notifier.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.trackstream.notifier.OrderNotifierApplication;
import io.trackstream.notifier.deadletter.DeadLetterHeaders;
import io.trackstream.notifier.deadletter.ReplayCommand;
import io.trackstream.notifier.deadletter.ReplayReport;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.sandbox.ReceivedCall;
import io.trackstream.notifier.sandbox.SandboxApi;

/**
 * The documented replay command ({@code --replay-dead-letters}) writes dead letters back to their topic, where the
 * running notifier delivers them; the replay's progress is committed, so a second run does not send them again.
 */
class DeadLetterReplayTest extends BrokerTestSupport {

    @Test
    void aDeadLetteredCloseIsReplayedOnceTheOrderSystemIsBack() throws Exception {
        String order = "5001";
        String key = "shp-" + order + ":delivered";
        sandbox.addCarriyoOrder(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order, "web");
        sandbox.failNext(SandboxApi.CARRIYO, 1 + properties.retry().maxRetries(), 503);

        Written written = write(topics.autoClose(), order, Fixtures.autoClose(SANDBOX_TENANT, order).build());
        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(order);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order)).isZero();

        ReplayReport report = replayCommand();

        assertThat(report.replayedByTopic()).containsKey(topics.autoClose());
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.timesClosed(SANDBOX_CARRIYO_TENANT_ID, "PO-" + order) == 1);
        assertThat(sandbox.received(key)).extracting(ReceivedCall::status).containsExactly(503, 503, 503, 503, 200);
        assertThat(replayGroupOffset(deadLetter)).isGreaterThan(deadLetter.offset());
        assertThat(written.value()).isEqualTo(deadLetter.value());

        assertThat(report.replayed()).contains(new ReplayReport.Replayed(deadLetter.partition(), deadLetter.offset(),
                order, topics.autoClose()));

        ReplayReport second = replayCommand();
        assertThat(second.replayed()).extracting(r -> r.partition() + "@" + r.offset())
                .as("replayed already").doesNotContain(deadLetter.partition() + "@" + deadLetter.offset());
    }

    /** Runs the app as an operator would: {@code --replay-dead-letters}, against the test broker. */
    private ReplayReport replayCommand() {
        try (ConfigurableApplicationContext replay = OrderNotifierApplication.start(
                "--" + ReplayCommand.OPTION,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--trackstream.schema-registry-url=" + REGISTRY,
                "--spring.main.banner-mode=off")) {
            assertThat(replay.getBean(ReplayCommand.class).getExitCode()).isZero();
            return replay.getBean(ReplayCommand.class).lastReport();
        }
    }

    private long replayGroupOffset(ConsumerRecord<?, ?> deadLetter) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            var offsets = admin.listConsumerGroupOffsets(properties.deadLetters().replayGroupId())
                    .partitionsToOffsetAndMetadata().get();
            return offsets.get(new TopicPartition(deadLetter.topic(), deadLetter.partition())).offset();
        }
    }
}
