package io.trackstream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerTimeoutsTest {

    @Test
    void theProducerGivesUpWithinTheRequestDeadlineAndKafkaAcceptsTheCombination() {
        Map<String, Object> timeouts = ProducerTimeouts.within(Duration.ofSeconds(5), null);

        // one send blocks a tenth of the deadline at most; the publisher tries again while the deadline allows
        assertThat(timeouts).containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500L)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4995);
        // Kafka refuses to build a producer whose delivery timeout is shorter than linger + request timeout
        Map<String, Object> config = new java.util.HashMap<>(timeouts);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);
        new org.apache.kafka.clients.producer.KafkaProducer<String, String>(config).close(Duration.ZERO);
    }

    @Test
    void aSendBlocksATenthOfTheDeadlineBetweenATenthOfASecondAndASecond() {
        assertThat(ProducerTimeouts.maxBlock(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ProducerTimeouts.maxBlock(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ProducerTimeouts.maxBlock(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aLingerEatingHalfTheBudgetIsRefused() {
        assertThatThrownBy(() -> ProducerTimeouts.within(Duration.ofSeconds(1), 600L)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ProducerTimeouts.within(Duration.ofSeconds(3), 20)).containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2980);
    }
}
