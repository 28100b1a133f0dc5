package io.trackstream.notifier.listener;

import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.Target;

/**
 * Consumes the records of one order-system target ({@code orders.auto-close.v1} for Carriyo,
 * {@code shipments.status-changes.v1} for the shop platform, and their replays and retries). Returns normally once the
 * target has the update (or has said there is nothing to update), or once the record is safely in the retry topic
 * because its tenant's order system cannot take it now ({@link TargetGate}); throws otherwise, leaving the dead letter
 * to the container's error handler. The offset is committed only after this returns or the dead letter is written.
 *
 * @param <A> the Avro record on the topic
 * @param <R> the request the notifier sends
 */
public final class NotifyingListener<A extends SpecificRecord, R> implements MessageListener<String, byte[]> {

    private final Target target;
    private final AvroValueDecoder<A> decoder;
    private final Function<A, R> converter;
    private final Function<R, String> tenantOf;
    private final Consumer<R> notifier;
    private final TargetGate gate;
    private final NotifierMetrics metrics;

    public NotifyingListener(Target target, AvroValueDecoder<A> decoder, Function<A, R> converter,
            Function<R, String> tenantOf, Consumer<R> notifier, TargetGate gate, NotifierMetrics metrics) {
        this.target = target;
        this.decoder = decoder;
        this.converter = converter;
        this.tenantOf = tenantOf;
        this.notifier = notifier;
        this.gate = gate;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            metrics.skipped(target, "tombstone");
            return;
        }
        R request = converter.apply(decoder.decode(record));
        gate.deliver(record, new TenantTarget(tenantOf.apply(request), target), () -> notifier.accept(request));
    }

    /** The tenant of a record, read from its value (null when it cannot be read): for aiming a replay. */
    public String tenantOf(ConsumerRecord<String, byte[]> record) {
        try {
            return record.value() == null ? null : tenantOf.apply(converter.apply(decoder.decode(record)));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
