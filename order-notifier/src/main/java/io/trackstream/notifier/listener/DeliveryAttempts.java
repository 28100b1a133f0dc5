package io.trackstream.notifier.listener;

import java.nio.ByteBuffer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;

/** The container's count of deliveries of a record (1 on the first), from the {@code kafka_deliveryAttempt} header. */
public final class DeliveryAttempts {

    private DeliveryAttempts() {
    }

    public static int of(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
        if (header == null || header.value() == null || header.value().length != Integer.BYTES) {
            return 1;
        }
        return ByteBuffer.wrap(header.value()).getInt();
    }
}
