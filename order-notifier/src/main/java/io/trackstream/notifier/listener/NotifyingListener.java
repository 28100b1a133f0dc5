package io.trackstream.notifier.listener;

import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.Target;

/**
 * Consumes one topic for one order-system target ({@code orders.auto-close.v1} for Carriyo,
 * {@code shipments.status-changes.v1} for the shop platform). Returns normally once the target has the update (or
 * has said there is nothing to update); throws otherwise, leaving retries and dead letters to the container's error
 * handler. The offset is committed only after this returns or the dead letter is written.
 *
 * @param <A> the Avro record on the topic
 * @param <R> the request the notifier sends
 */
public final class NotifyingListener<A extends SpecificRecord, R> implements MessageListener<String, byte[]> {

    private final Target target;
    private final AvroValueDecoder<A> decoder;
    private final Function<A, R> converter;
    private final Consumer<R> notifier;
    private final NotifierMetrics metrics;

    public NotifyingListener(Target target, AvroValueDecoder<A> decoder, Function<A, R> converter, Consumer<R> notifier,
            NotifierMetrics metrics) {
        this.target = target;
        this.decoder = decoder;
        this.converter = converter;
        this.notifier = notifier;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        if (DeliveryAttempts.of(record) > 1) {
            metrics.retry(target);
        }
        if (record.value() == null) {
            metrics.skipped(target, "tombstone");
            return;
        }
        notifier.accept(converter.apply(decoder.decode(record)));
    }
}
