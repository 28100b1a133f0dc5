package io.trackstream.processor.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

import io.trackstream.avro.RawTrackingEvent;

/**
 * A raw event's time in the topology (the timestamp of the records it causes) is when trackstream received it,
 * whatever timestamp its producer set. (The carrier's event time is data, not stream time: it can be weeks old when
 * a history is re-sent.)
 */
final class ReceivedTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Decoded<?> decoded && decoded.value() instanceof RawTrackingEvent raw
                && raw.getReceivedTime() != null) {
            return raw.getReceivedTime().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
