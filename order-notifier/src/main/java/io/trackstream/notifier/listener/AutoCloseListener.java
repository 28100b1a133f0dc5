package io.trackstream.notifier.listener;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.notifier.carriyo.AutoCloseNotifier;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.AvroOrderConverter;
import io.trackstream.notifier.outcome.Target;

/**
 * Consumes {@code orders.auto-close.v1}. Returns normally once the order system has the update (or has said the order
 * does not exist); throws otherwise, leaving retries and dead letters to the container's error handler. The offset is
 * committed only after this returns or the dead letter is written.
 */
public class AutoCloseListener implements MessageListener<String, byte[]> {

    private final AvroValueDecoder<OrderAutoCloseRequested> decoder;
    private final AutoCloseNotifier notifier;
    private final NotifierMetrics metrics;

    public AutoCloseListener(AvroValueDecoder<OrderAutoCloseRequested> decoder, AutoCloseNotifier notifier,
            NotifierMetrics metrics) {
        this.decoder = decoder;
        this.notifier = notifier;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        if (DeliveryAttempts.of(record) > 1) {
            metrics.retry(Target.CARRIYO);
        }
        if (record.value() == null) {
            metrics.skipped(Target.CARRIYO, "tombstone");
            return;
        }
        notifier.notify(AvroOrderConverter.autoCloseRequest(decoder.decode(record)));
    }
}
