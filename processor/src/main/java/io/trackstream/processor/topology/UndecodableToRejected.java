package io.trackstream.processor.topology;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;

/** Turns a record that could not be decoded into a rejected-topic record with its bytes and where it came from. */
final class UndecodableToRejected<T> implements FixedKeyProcessor<String, Decoded<T>, RejectedEvent> {

    private final TrackingMetrics metrics;
    private FixedKeyProcessorContext<String, RejectedEvent> context;

    UndecodableToRejected(TrackingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, RejectedEvent> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Decoded<T>> record) {
        metrics.rejected(RejectionReason.DESERIALIZATION_FAILED);
        context.forward(record.withValue(Rejections.undecodable(record.value(), context.recordMetadata(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()))));
    }
}
